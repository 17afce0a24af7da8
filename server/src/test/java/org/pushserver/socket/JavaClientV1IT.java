package org.pushserver.socket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.socket.client.IO;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIf;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.pushserver.testing.DropAndResume;
import org.pushserver.testing.JavaResumingClient;
import org.pushserver.testing.RedisProcess;
import org.pushserver.testing.ResumingClient.Mode;
import org.pushserver.testing.RunningServer;
import org.pushserver.testing.ServerExtension;
import org.pushserver.testing.SocketClient;
import org.pushserver.testing.TcpProxy;
import org.pushserver.testing.TcpProxy.Side;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Java socket.io client 1.x (Engine.IO v3), still in older Android apps. It has the package names of 2.x, so
 * this class runs alone in its own failsafe execution ({@code java-client-v1} in server/pom.xml) with 1.x on the
 * classpath instead of 2.x. Its client is {@link SocketClient}, which is compiled against 2.x but uses only what both
 * lines have.
 */
@DisplayName("Java socket.io client 1.x (Engine.IO v3) against the server")
@DisabledIf(value = "javaClientV2OnClasspath",
        disabledReason = "the 2.x Java client is on the classpath: this class runs in the java-client-v1 failsafe execution")
class JavaClientV1IT {
    private static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    static final ServerExtension server = ServerExtension.withArgs();

    /** Decided before the server starts: the class is skipped, not failed, where the 2.x client is on the classpath. */
    static boolean javaClientV2OnClasspath() {
        return Arrays.stream(IO.Options.class.getMethods()).anyMatch(m -> m.getName().equals("builder"));
    }

    @ParameterizedTest(name = "over transport \"{0}\" it logs in with an ack and receives what POST /api sends")
    @ValueSource(strings = {"default", "websocket", "polling"})
    @DisplayName("A 1.x client logs in with an ack and receives what POST /api sends")
    void logsInAndReceivesPush(String transport) throws Exception {
        String token = token();
        try (SocketClient client = SocketClient.connectOver(server.url(), transport)) {
            JsonNode ack = client.loginAs(token);
            assertTrue(ack.get("ok").asBoolean(), ack::toString);
            assertEquals(token, ack.get("tokenId").asText());

            String data = "{\"id\":42,\"text\":\"héllo ✓\",\"list\":[1,null]}";
            JsonNode answer = server.push(List.of(token), "like", data);
            assertEquals(1, answer.get("sockets").asInt(), answer::toString);
            JsonNode m = client.nextMessage();
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
    void twoTabsGetOneCopyEach() {
        String token = token();
        JavaClientScenarios.twoTabsGetOneCopyEach(server, token, List.of(token));
    }

    @ParameterizedTest(name = "a 1.x client cut from the {0} side gets every push exactly once and in order with lastMessageId")
    @EnumSource(Side.class)
    @DisplayName("A 1.x client that resumes with its lastMessageId gets every push sent while it was cut, exactly once, in order")
    void resumesAfterADrop(Side side) {
        try (TcpProxy proxy = TcpProxy.to(server.port())) {
            DropAndResume.run(server.running(), proxy, JavaResumingClient.LINE, Mode.RESUME, side, () -> { });
        }
    }

    @ParameterizedTest(name = "a 1.x client on \"{0}\" only, cut from the server side, gets every push exactly once and in order")
    @ValueSource(strings = {"websocket", "polling"})
    @DisplayName("A 1.x client on one transport only resumes after a drop with every push exactly once, in order")
    void resumesAfterADropOnOneTransport(String transport) {
        try (TcpProxy proxy = TcpProxy.to(server.port())) {
            DropAndResume.run(server.running(), proxy, JavaResumingClient.LINE, Mode.RESUME, Side.SERVER, () -> { }, transport);
        }
    }

    @Test
    @DisplayName("A 1.x client cut off from one cluster node resumes through the other with every push exactly once, in order")
    void resumesThroughTheOtherClusterNode() {
        try (RedisProcess redis = RedisProcess.start()) {
            String prefix = "v1" + UUID.randomUUID().toString().substring(0, 8);
            try (RunningServer a = RunningServer.start("--redis-url", redis.url(), "--redis-prefix", prefix);
                 RunningServer b = RunningServer.start("--redis-url", redis.url(), "--redis-prefix", prefix);
                 TcpProxy proxy = TcpProxy.to(a.port())) {
                DropAndResume.run(a, proxy, JavaResumingClient.LINE, Mode.RESUME, Side.SERVER, () -> proxy.retarget(b.port()));
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
}
