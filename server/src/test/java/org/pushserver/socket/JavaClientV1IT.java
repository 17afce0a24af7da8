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
import org.pushserver.testing.ServerExtension;
import org.pushserver.testing.SocketClient;

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
