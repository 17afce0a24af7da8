package org.pushserver.socket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.json.JSONObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pushserver.testing.ServerExtension;
import org.pushserver.testing.SocketClient;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Java socket.io client 2.x (Engine.IO v4), as Android and JVM apps use it, against the real server. */
@DisplayName("Java socket.io client 2.x (Engine.IO v4) against the server")
class JavaClientIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    static final ServerExtension server = ServerExtension.withArgs();

    @ParameterizedTest(name = "over transport \"{0}\" it logs in with an ack and receives what POST /api sends")
    @ValueSource(strings = {"default", "websocket", "polling"})
    @DisplayName("A client logs in with an ack and receives what POST /api sends")
    void logsInAndReceivesPush(String transport) throws Exception {
        String token = token();
        try (SocketClient client = SocketClient.connectOver(server.url(), transport)) {
            JsonNode ack = client.login(Map.of("tokenId", token, "userId", 7, "socketId", client.id()));
            assertTrue(ack.get("ok").asBoolean(), ack::toString);
            assertEquals(token, ack.get("tokenId").asText());

            JsonNode answer = server.push(List.of(token), "like", "{\"id\":42,\"text\":\"héllo ✓\",\"list\":[1,null]}");
            assertEquals(0, answer.get("responseCode").asInt(), answer::toString);
            assertEquals(1, answer.get("sockets").asInt(), answer::toString);

            JsonNode m = client.nextMessage();
            assertEquals("like", m.get("entityType").asText());
            assertEquals(JSON.readTree("{\"id\":42,\"text\":\"héllo ✓\",\"list\":[1,null]}"), m.get("data"));
            if (!transport.equals("default")) {
                assertEquals(transport, client.transport());
            } else {
                client.awaitTransport("websocket"); // the upgrade follows the connect
                assertEquals("websocket", client.transport());
            }
        }
    }

    @Test
    @DisplayName("Two sockets of one token each get exactly one copy of a push")
    void twoTabsGetOneCopyEach() {
        String token = token();
        JavaClientScenarios.twoTabsGetOneCopyEach(server, token, List.of(token, token));
    }

    @Test
    @DisplayName("After user_logout a socket gets nothing more for its token")
    void logoutStopsDelivery() throws Exception {
        String token = token();
        try (SocketClient client = SocketClient.connectOver(server.url(), "default")) {
            client.loginAs(token);
            JsonNode left = client.emitWithAck("user_logout", new JSONObject());
            assertTrue(left.get("ok").asBoolean(), left::toString);

            JsonNode answer = server.push(List.of(token), "late", "1");
            assertEquals(0, answer.get("sockets").asInt(), answer::toString);
            assertEquals(token, answer.get("offline").get(0).asText());

            String other = token(); // the marker proves that nothing for the old token was on its way
            client.loginAs(other);
            server.push(List.of(other), "marker", "null");
            assertEquals("marker", client.nextMessage().get("entityType").asText());
        }
    }

    @Test
    @DisplayName("A second login with another token moves the socket to that token")
    void reloginMovesTheSocket() throws Exception {
        String first = token();
        String second = token();
        try (SocketClient client = SocketClient.connectOver(server.url(), "default")) {
            assertEquals(first, client.loginAs(first).get("tokenId").asText());
            assertEquals(second, client.loginAs(second).get("tokenId").asText());

            assertEquals(0, server.push(List.of(first), "old", "1").get("sockets").asInt());
            assertEquals(1, server.push(List.of(second), "new", "1").get("sockets").asInt());
            assertEquals("new", client.nextMessage().get("entityType").asText());
        }
    }

    @ParameterizedTest(name = "login payload {0} is refused with ok:false and the socket can still log in")
    @ValueSource(strings = {"{}", "{\"tokenId\":{}}", "{\"tokenId\":\"\"}"})
    @DisplayName("A bad login is refused in the ack, and the socket stays connected and can still log in")
    void badLoginKeepsTheSocket(String payload) throws Exception {
        try (SocketClient client = SocketClient.connectOver(server.url(), "default")) {
            JsonNode ack = client.emitWithAck("user_login", new JSONObject(payload));
            assertFalse(ack.get("ok").asBoolean(), ack::toString);
            assertNotNull(ack.get("error"), ack::toString);
            assertTrue(client.connected(), "the socket was disconnected");

            String token = token();
            assertTrue(client.loginAs(token).get("ok").asBoolean());
            assertEquals(1, server.push(List.of(token), "after", "1").get("sockets").asInt());
            assertEquals("after", client.nextMessage().get("entityType").asText());
        }
    }

    private static String token() {
        return "java-" + UUID.randomUUID();
    }
}
