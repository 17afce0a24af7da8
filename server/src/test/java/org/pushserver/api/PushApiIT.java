package org.pushserver.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pushserver.testing.Await;
import org.pushserver.testing.ServerExtension;
import org.pushserver.testing.SocketClient;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** POST /api over real HTTP to real socket.io clients. */
class PushApiIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    static final ServerExtension server = ServerExtension.withArgs();

    private static String token() {
        return "t-" + UUID.randomUUID();
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    /** A marker push to {@code client}'s token proves that nothing else is still on its way before it. */
    private static void assertNothingMoreThan(SocketClient client, String token) {
        server.post("/api", "{\"tokens\":[\"" + token + "\"],\"entityType\":\"marker\"}");
        assertEquals("marker", client.nextMessage().get("entityType").asText(), "an extra copy arrived before the marker");
    }

    @Test
    void postToTwoTabsOfOneTokenDeliversOncePerTab() throws Exception {
        String token = token();
        try (SocketClient tab1 = SocketClient.connect(server.url()); SocketClient tab2 = SocketClient.connect(server.url(), "websocket");
             SocketClient other = SocketClient.connect(server.url())) {
            assertTrue(tab1.loginAs(token).get("ok").asBoolean());
            assertTrue(tab2.loginAs(token).get("ok").asBoolean());
            String otherToken = token();
            other.loginAs(otherToken);

            HttpResponse<String> response = server.post("/api",
                    "{\"tokens\":[\"" + token + "\",\"" + token + "\",\"nobody\"],\"entityType\":\"like\",\"data\":{\"id\":42,\"text\":\"héllo \\\"x\\\"\"}}");

            assertEquals(200, response.statusCode());
            JsonNode body = json(response);
            assertEquals(0, body.get("responseCode").asInt());
            assertEquals("OK!", body.get("data").asText());
            assertEquals(2, body.get("sockets").asInt());
            assertEquals(token, body.get("online").get(0).asText());
            assertEquals("nobody", body.get("offline").get(0).asText());
            for (SocketClient tab : new SocketClient[] {tab1, tab2}) {
                JsonNode message = tab.nextMessage();
                assertEquals("like", message.get("entityType").asText());
                assertEquals(42, message.get("data").get("id").asInt());
                assertEquals("héllo \"x\"", message.get("data").get("text").asText());
                assertNothingMoreThan(tab, token);
            }
            assertNothingMoreThan(other, otherToken);
        }
    }

    @Test
    void numericTokenIdIsReachedByItsStringAndViceVersa() throws Exception {
        long id = System.nanoTime();
        try (SocketClient numeric = SocketClient.connect(server.url()); SocketClient text = SocketClient.connect(server.url())) {
            assertEquals(String.valueOf(id), numeric.loginAs(id).get("tokenId").asText());
            text.login(String.valueOf(id + 1)); // a bare string payload is a token id too
            JsonNode body = json(server.post("/api", "{\"tokens\":[\"" + id + "\"," + (id + 1) + "]}"));
            assertEquals(2, body.get("sockets").asInt());
            JsonNode message = numeric.nextMessage();
            assertEquals("", message.get("entityType").asText());
            assertEquals(0, message.get("data").size());
            text.nextMessage();
        }
    }

    @Test
    void formEncodedPushOfTheOldBodyParserIsAccepted() throws Exception {
        String token = token();
        try (SocketClient client = SocketClient.connect(server.url())) {
            client.loginAs(token);
            HttpResponse<String> response = server.send(server.request("/api")
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("tokens[0]=" + token + "&entityType=follow&data=%7B%22a%22%3A1%7D"))
                    .build());
            assertEquals(200, response.statusCode(), response.body());
            JsonNode message = client.nextMessage();
            assertEquals("follow", message.get("entityType").asText());
            assertEquals(1, message.get("data").get("a").asInt());
        }
    }

    @Test
    void logoutStopsDeliveryAndLoginWithAnotherTokenMovesTheSocket() throws Exception {
        String first = token();
        String second = token();
        try (SocketClient client = SocketClient.connect(server.url())) {
            client.loginAs(first);
            client.loginAs(second);
            assertEquals(0, json(server.post("/api", "{\"tokens\":[\"" + first + "\"]}")).get("sockets").asInt());
            client.logout();
            assertEquals(0, json(server.post("/api", "{\"tokens\":[\"" + second + "\"]}")).get("sockets").asInt());
            client.loginAs(second);
            assertNothingMoreThan(client, second);
        }
    }

    @Test
    void aBadLoginIsAnsweredAndKeepsTheConnection() {
        try (SocketClient client = SocketClient.connect(server.url())) {
            JsonNode ack = client.login(Map.of("userId", 1));
            assertEquals(false, ack.get("ok").asBoolean());
            assertTrue(ack.get("error").asText().contains("tokenId"));
            assertEquals(false, client.login(Map.of("tokenId", 1.5)).get("ok").asBoolean());
            assertEquals(false, client.login(Map.of("tokenId", "")).get("ok").asBoolean());
            assertTrue(client.connected());
            assertTrue(client.loginAs("recovered-" + UUID.randomUUID()).get("ok").asBoolean());
        }
    }

    @Test
    void disconnectCleansUpAtOnce() throws Exception {
        String token = token();
        SocketClient client = SocketClient.connect(server.url(), "websocket");
        client.loginAs(token);
        client.close();
        Await.await("the closed socket leaves its token", SocketClient.WAIT,
                () -> presence(token) == 0);
    }

    private static int presence(String token) {
        try {
            return json(server.get("/api/online?tokens=" + token)).get("tokens").get(token).get("sockets").asInt();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void broadcastReachesEveryLoggedInSocketOnce() throws Exception {
        try (SocketClient a = SocketClient.connect(server.url()); SocketClient b = SocketClient.connect(server.url())) {
            a.loginAs(token());
            String tokenB = token();
            b.loginAs(tokenB);
            JsonNode body = json(server.post("/api/broadcast", "{\"entityType\":\"notice\",\"data\":[1,2]}"));
            assertTrue(body.get("sockets").asInt() >= 2);
            assertEquals("notice", a.nextMessage().get("entityType").asText());
            assertEquals(2, b.nextMessage().get("data").size());
            assertNothingMoreThan(b, tokenB);
        }
    }

    @Test
    void presenceCountsSocketsPerToken() throws Exception {
        String token = token();
        try (SocketClient a = SocketClient.connect(server.url()); SocketClient b = SocketClient.connect(server.url())) {
            a.loginAs(token);
            b.loginAs(token);
            JsonNode tokens = json(server.get("/api/online?tokens=" + token + ",ghost")).get("tokens");
            assertEquals(2, tokens.get(token).get("sockets").asInt());
            assertTrue(tokens.get(token).get("online").asBoolean());
            assertEquals(false, tokens.get("ghost").get("online").asBoolean());
            JsonNode posted = json(server.post("/api/online", "{\"tokens\":[\"" + token + "\"]}")).get("tokens");
            assertEquals(2, posted.get(token).get("sockets").asInt());
        }
    }

    @Test
    void getApiAnswersADotForOldHealthProbes() {
        HttpResponse<String> response = server.get("/api");
        assertEquals(200, response.statusCode());
        assertEquals(".", response.body());
    }
}
