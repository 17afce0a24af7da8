package org.pushserver.socket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Manager;
import io.socket.client.Socket;
import io.socket.client.SocketOptionBuilder;
import io.socket.engineio.client.Transport;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pushserver.testing.RunningServer;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Java socket.io client 2.x (Engine.IO v4), as Android and JVM apps use it, against the real server. */
@DisplayName("Java socket.io client 2.x (Engine.IO v4) against the server")
class JavaClientIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long WAIT_SECONDS = 10;
    private static RunningServer server;

    @BeforeAll
    static void start() {
        server = RunningServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest(name = "over transport \"{0}\" it logs in with an ack and receives what POST /api sends")
    @ValueSource(strings = {"default", "websocket", "polling"})
    @DisplayName("A client logs in with an ack and receives what POST /api sends")
    void logsInAndReceivesPush(String transport) throws Exception {
        String token = token();
        try (Client client = Client.connect(transport)) {
            JsonNode ack = client.login(Map.of("tokenId", token, "userId", 7, "socketId", client.id()));
            assertTrue(ack.get("ok").asBoolean(), ack::toString);
            assertEquals(token, ack.get("tokenId").asText());

            JsonNode answer = push(List.of(token), "like", "{\"id\":42,\"text\":\"héllo ✓\",\"list\":[1,null]}");
            assertEquals(0, answer.get("responseCode").asInt(), answer::toString);
            assertEquals(1, answer.get("sockets").asInt(), answer::toString);

            JsonNode m = client.next();
            assertEquals("like", m.get("entityType").asText());
            assertEquals(JSON.readTree("{\"id\":42,\"text\":\"héllo ✓\",\"list\":[1,null]}"), m.get("data"));
            if (!transport.equals("default")) {
                assertEquals(transport, client.transport());
            } else {
                client.awaitWebsocket();
            }
        }
    }

    @Test
    @DisplayName("Two sockets of one token each get exactly one copy of a push")
    void twoTabsGetOneCopyEach() throws Exception {
        String token = token();
        try (Client tab1 = Client.connect("default"); Client tab2 = Client.connect("websocket")) {
            assertTrue(tab1.loginAs(token).get("ok").asBoolean());
            assertTrue(tab2.loginAs(token).get("ok").asBoolean());
            assertEquals(2, push(List.of(token, token), "news", "1").get("sockets").asInt());
            for (Client tab : List.of(tab1, tab2)) {
                assertEquals("news", tab.next().get("entityType").asText());
            }
            push(List.of(token), "marker", "null");
            for (Client tab : List.of(tab1, tab2)) {
                assertEquals("marker", tab.next().get("entityType").asText(), "a second copy arrived before the marker");
            }
        }
    }

    @Test
    @DisplayName("After user_logout a socket gets nothing more for its token")
    void logoutStopsDelivery() throws Exception {
        String token = token();
        try (Client client = Client.connect("default")) {
            client.loginAs(token);
            JsonNode left = client.emitWithAck("user_logout", new JSONObject());
            assertTrue(left.get("ok").asBoolean(), left::toString);

            JsonNode answer = push(List.of(token), "late", "1");
            assertEquals(0, answer.get("sockets").asInt(), answer::toString);
            assertEquals(token, answer.get("offline").get(0).asText());

            String other = token(); // the marker proves that nothing for the old token was on its way
            client.loginAs(other);
            push(List.of(other), "marker", "null");
            assertEquals("marker", client.next().get("entityType").asText());
        }
    }

    @Test
    @DisplayName("A second login with another token moves the socket to that token")
    void reloginMovesTheSocket() throws Exception {
        String first = token();
        String second = token();
        try (Client client = Client.connect("default")) {
            assertEquals(first, client.loginAs(first).get("tokenId").asText());
            assertEquals(second, client.loginAs(second).get("tokenId").asText());

            assertEquals(0, push(List.of(first), "old", "1").get("sockets").asInt());
            assertEquals(1, push(List.of(second), "new", "1").get("sockets").asInt());
            assertEquals("new", client.next().get("entityType").asText());
        }
    }

    @ParameterizedTest(name = "login payload {0} is refused with ok:false and the socket can still log in")
    @ValueSource(strings = {"{}", "{\"tokenId\":{}}", "{\"tokenId\":\"\"}"})
    @DisplayName("A bad login is refused in the ack, and the socket stays connected and can still log in")
    void badLoginKeepsTheSocket(String payload) throws Exception {
        try (Client client = Client.connect("default")) {
            JsonNode ack = client.emitWithAck("user_login", new JSONObject(payload));
            assertFalse(ack.get("ok").asBoolean(), ack::toString);
            assertNotNull(ack.get("error"), ack::toString);
            assertTrue(client.connected(), "the socket was disconnected");

            String token = token();
            assertTrue(client.loginAs(token).get("ok").asBoolean());
            assertEquals(1, push(List.of(token), "after", "1").get("sockets").asInt());
            assertEquals("after", client.next().get("entityType").asText());
        }
    }

    private static String token() {
        return "java-" + UUID.randomUUID();
    }

    private static JsonNode push(List<String> tokens, String entityType, String dataJson) throws Exception {
        String body = "{\"tokens\":" + JSON.writeValueAsString(tokens) + ",\"entityType\":\"" + entityType + "\",\"data\":" + dataJson + "}";
        HttpResponse<String> response = server.post("/api", body);
        assertEquals(200, response.statusCode(), response::body);
        return JSON.readTree(response.body());
    }

    /** One socket with reconnection off, its pushes in a queue, every wait bounded. */
    private static final class Client implements AutoCloseable {
        private final Socket socket;
        private final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
        private final CompletableFuture<Void> onWebsocket = new CompletableFuture<>();
        private volatile String transport;

        private Client(Socket socket) {
            this.socket = socket;
        }

        static Client connect(String transport) throws Exception {
            SocketOptionBuilder options = IO.Options.builder().setForceNew(true).setReconnection(false);
            if (!transport.equals("default")) {
                options.setTransports(new String[] {transport});
            }
            Socket socket = IO.socket(URI.create(server.url()), options.build());
            Client client = new Client(socket);
            socket.on("receive_message", args -> client.messages.add(parse(args[0])));
            socket.io().on(Manager.EVENT_TRANSPORT, args -> { // the first transport, then the upgraded one
                client.transport = ((Transport) args[0]).name;
                if (client.transport.equals("websocket")) {
                    client.onWebsocket.complete(null);
                }
            });
            CompletableFuture<Void> connected = new CompletableFuture<>();
            socket.once(Socket.EVENT_CONNECT, args -> connected.complete(null));
            socket.once(Socket.EVENT_CONNECT_ERROR, args -> connected.completeExceptionally(new AssertionError("connect error: " + args[0])));
            socket.connect();
            connected.get(WAIT_SECONDS, TimeUnit.SECONDS);
            return client;
        }

        String id() {
            return socket.id();
        }

        boolean connected() {
            return socket.connected();
        }

        String transport() {
            return transport;
        }

        /** Waits for the upgrade to websocket, which follows the connect. */
        void awaitWebsocket() throws Exception {
            onWebsocket.get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertEquals("websocket", transport);
        }

        JsonNode login(Map<String, ?> payload) throws Exception {
            return emitWithAck("user_login", new JSONObject(payload));
        }

        JsonNode loginAs(String token) throws Exception {
            return login(Map.of("tokenId", token, "userId", 7, "socketId", id()));
        }

        JsonNode emitWithAck(String event, Object payload) throws Exception {
            CompletableFuture<JsonNode> ack = new CompletableFuture<>();
            socket.emit(event, new Object[] {payload}, (Ack) args -> ack.complete(parse(args[0])));
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
