package org.pushserver.socket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Manager;
import io.socket.client.Socket;
import io.socket.engineio.client.Transport;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pushserver.testing.RunningServer;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Java socket.io client 1.x (Engine.IO v3), still in older Android apps. It has the package names of 2.x, so
 * this class runs alone in its own failsafe execution ({@code java-client-v1} in server/pom.xml) with 1.x on the
 * classpath instead of 2.x. It is compiled against 2.x, so it uses only what both lines have: the public option
 * fields (1.x has no options builder), {@code emit} with an {@link Ack}, the manager's transport event.
 */
@DisplayName("Java socket.io client 1.x (Engine.IO v3) against the server")
class JavaClientV1IT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long WAIT_SECONDS = 10;
    private static RunningServer server;

    @BeforeAll
    static void start() {
        boolean v2 = Arrays.stream(IO.Options.class.getMethods()).anyMatch(m -> m.getName().equals("builder"));
        Assumptions.assumeFalse(v2, "the 2.x Java client is on the classpath: this class runs in the java-client-v1 failsafe execution");
        server = RunningServer.start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest(name = "over transport \"{0}\" it logs in with an ack and receives what POST /api sends")
    @ValueSource(strings = {"default", "websocket", "polling"})
    @DisplayName("A 1.x client logs in with an ack and receives what POST /api sends")
    void logsInAndReceivesPush(String transport) throws Exception {
        String token = token();
        try (Client client = Client.connect(transport)) {
            JsonNode ack = client.loginAs(token);
            assertTrue(ack.get("ok").asBoolean(), ack::toString);
            assertEquals(token, ack.get("tokenId").asText());

            String data = "{\"id\":42,\"text\":\"héllo ✓\",\"list\":[1,null]}";
            JsonNode answer = push(List.of(token), "like", data);
            assertEquals(1, answer.get("sockets").asInt(), answer::toString);
            JsonNode m = client.next();
            assertEquals("like", m.get("entityType").asText());
            assertEquals(JSON.readTree(data), m.get("data"));

            if (transport.equals("default")) {
                client.awaitTransport("websocket"); // the upgrade follows the connect
            } else { // 1.x reports no first transport, so ask the server how this v3 client is connected
                assertTrue(eio3Connections(transport) >= 1, () -> "no EIO3 " + transport + " connection in /metrics");
            }
        }
    }

    @Test
    @DisplayName("Two 1.x sockets of one token each get exactly one copy of a push")
    void twoTabsGetOneCopyEach() throws Exception {
        String token = token();
        try (Client tab1 = Client.connect("default"); Client tab2 = Client.connect("websocket")) {
            assertTrue(tab1.loginAs(token).get("ok").asBoolean());
            assertTrue(tab2.loginAs(token).get("ok").asBoolean());
            assertEquals(2, push(List.of(token), "news", "1").get("sockets").asInt());
            for (Client tab : List.of(tab1, tab2)) {
                assertEquals("news", tab.next().get("entityType").asText());
            }
            push(List.of(token), "marker", "null");
            for (Client tab : List.of(tab1, tab2)) {
                assertEquals("marker", tab.next().get("entityType").asText(), "a second copy arrived before the marker");
            }
        }
    }

    /** The server's gauge of open Engine.IO v3 connections on {@code transport}. */
    private static double eio3Connections(String transport) {
        String line = "pushserver_connections{protocol=\"EIO3\",transport=\"" + transport + "\"} ";
        return server.get("/metrics").body().lines().filter(l -> l.startsWith(line))
                .mapToDouble(l -> Double.parseDouble(l.substring(line.length()).trim())).findFirst().orElse(-1);
    }

    private static String token() {
        return "java1-" + UUID.randomUUID();
    }

    private static JsonNode push(List<String> tokens, String entityType, String dataJson) throws Exception {
        String body = "{\"tokens\":" + JSON.writeValueAsString(tokens) + ",\"entityType\":\"" + entityType + "\",\"data\":" + dataJson + "}";
        HttpResponse<String> response = server.post("/api", body);
        assertEquals(200, response.statusCode(), response::body);
        return JSON.readTree(response.body());
    }

    /** One 1.x socket with reconnection off, its pushes and transport changes in queues, every wait bounded. */
    private static final class Client implements AutoCloseable {
        private final Socket socket;
        private final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
        private final BlockingQueue<String> transports = new LinkedBlockingQueue<>();

        private Client(Socket socket) {
            this.socket = socket;
        }

        static Client connect(String transport) throws Exception {
            IO.Options options = new IO.Options(); // 1.x: public fields, no builder
            options.forceNew = true;
            options.reconnection = false;
            if (!transport.equals("default")) {
                options.transports = new String[] {transport};
            }
            Socket socket = IO.socket(URI.create(server.url()), options);
            Client client = new Client(socket);
            socket.on("receive_message", args -> client.messages.add(parse(args[0])));
            socket.io().on(Manager.EVENT_TRANSPORT, args -> client.transports.add(((Transport) args[0]).name));
            CompletableFuture<Void> connected = new CompletableFuture<>();
            socket.once(Socket.EVENT_CONNECT, args -> connected.complete(null));
            socket.once(Socket.EVENT_CONNECT_ERROR, args -> connected.completeExceptionally(new AssertionError("connect error: " + args[0])));
            socket.connect();
            connected.get(WAIT_SECONDS, TimeUnit.SECONDS);
            return client;
        }

        /** Waits until the manager reports a switch to {@code name}. */
        void awaitTransport(String name) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
            String seen = null;
            while (!name.equals(seen)) {
                seen = transports.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                assertNotNull(seen, "no switch to " + name + " within " + WAIT_SECONDS + " s");
            }
        }

        JsonNode loginAs(String token) throws Exception {
            Map<String, Object> payload = Map.of("tokenId", token, "userId", 7, "socketId", String.valueOf(socket.id()));
            CompletableFuture<JsonNode> ack = new CompletableFuture<>();
            socket.emit("user_login", new Object[] {new JSONObject(payload)}, (Ack) args -> ack.complete(parse(args[0])));
            return ack.get(WAIT_SECONDS, TimeUnit.SECONDS);
        }

        JsonNode next() throws InterruptedException {
            JsonNode m = messages.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertNotNull(m, "no receive_message within " + WAIT_SECONDS + " s");
            return m;
        }

        private static JsonNode parse(Object value) {
            try {
                return JSON.readTree(String.valueOf(value));
            } catch (Exception e) {
                throw new IllegalStateException("not JSON: " + value, e);
            }
        }

        @Override
        public void close() {
            socket.close();
        }
    }
}
