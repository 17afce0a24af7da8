package org.pushserver.socket.login;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.pushserver.testing.RunningServer;
import org.pushserver.testing.SocketClient;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Resume at login with {@code lastMessageId}, and the offline inbox, with the Java client on one node. */
@DisplayName("Logins that resume from lastMessageId")
class LoginResumeIT {
    private static RunningServer server;

    @BeforeAll
    static void start() {
        server = RunningServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    @DisplayName("A socket that opted in gets ids, and after a reconnect exactly the messages it missed, in order, before newer ones")
    void missedMessagesComeOnceInOrderBeforeNewerOnes() {
        String token = "resume-" + UUID.randomUUID();
        String lastSeen;
        try (SocketClient first = SocketClient.connectOver(server.url(), "websocket")) {
            JsonNode ack = first.login(loginPayload(token, JSONObject.NULL));
            assertTrue(ack.get("ok").asBoolean(), ack::toString);
            assertFalse(ack.get("recovered").asBoolean(), ack::toString);
            assertEquals(0, ack.get("missed").asInt(), ack::toString);
            JsonNode answer = server.push(List.of(token), "n", "1");
            JsonNode m = first.nextMessage();
            assertEquals(answer.get("id").asText(), m.get("id").asText(), m::toString);
            lastSeen = m.get("id").asText();
        }
        List<String> sent = new ArrayList<>();
        for (int i = 2; i <= 6; i++) {
            sent.add(server.push(List.of(token), "n", String.valueOf(i)).get("id").asText());
        }
        try (SocketClient again = SocketClient.connectOver(server.url(), "default")) {
            JsonNode ack = again.login(loginPayload(token, lastSeen));
            assertTrue(ack.get("recovered").asBoolean(), ack::toString);
            assertEquals(5, ack.get("missed").asInt(), ack::toString);
            String newer = server.push(List.of(token), "n", "7").get("id").asText();
            for (int i = 2; i <= 6; i++) {
                JsonNode m = again.nextMessage();
                assertEquals(i, m.get("data").asInt(), m::toString);
                assertEquals(sent.get(i - 2), m.get("id").asText());
            }
            JsonNode m = again.nextMessage();
            assertEquals(newer, m.get("id").asText(), m::toString);
            assertEquals(0, again.pending(), "nothing twice");
        }
    }

    @Test
    @DisplayName("An id the history does not know gets recovered false with the reason, and the login still holds")
    void unknownIdIsNotRecovered() {
        String token = "resume-" + UUID.randomUUID();
        try (SocketClient client = SocketClient.connectOver(server.url(), "websocket")) {
            JsonNode ack = client.login(loginPayload(token, "zzzzzzzzzz-99"));
            assertTrue(ack.get("ok").asBoolean(), ack::toString);
            assertFalse(ack.get("recovered").asBoolean(), ack::toString);
            assertTrue(ack.hasNonNull("reason"), ack::toString);
            server.push(List.of(token), "n", "1");
            assertEquals(1, client.nextMessage().get("data").asInt());
        }
    }

    @Test
    @DisplayName("A lastMessageId of the wrong type is named in the reason")
    void wrongTypeIsNamed() {
        String token = "resume-" + UUID.randomUUID();
        try (SocketClient client = SocketClient.connectOver(server.url(), "websocket")) {
            JsonNode ack = client.login(loginPayload(token, 42));
            assertTrue(ack.get("ok").asBoolean(), ack::toString);
            assertFalse(ack.get("recovered").asBoolean(), ack::toString);
            assertTrue(ack.get("reason").asText().contains("lastMessageId"), ack::toString);
        }
    }

    @Test
    @DisplayName("A push with a ttl to an offline token arrives at its next login, without an id for a socket that did not opt in")
    void inboxArrivesAtNextLogin() {
        String token = "inbox-" + UUID.randomUUID();
        JsonNode answer = json(server.post("/api", "{\"tokens\":[\"" + token + "\"],\"entityType\":\"chat\",\"data\":{\"t\":1},\"ttl\":60}").body());
        assertEquals(token, answer.get("queued").get(0).asText(), answer::toString);
        try (SocketClient client = SocketClient.connectOver(server.url(), "polling")) {
            JsonNode ack = client.loginAs(token);
            assertFalse(ack.has("recovered"), "today's ack for a socket that did not opt in: " + ack);
            JsonNode m = client.nextMessage();
            assertEquals("chat", m.get("entityType").asText());
            assertFalse(m.has("id"), m::toString);
        }
        JsonNode fate = json(server.get("/api/messages/" + answer.get("id").asText()).body());
        assertEquals("delivered", fate.get("tokens").get(token).asText(), fate::toString);
    }

    private static JsonNode json(String body) {
        try {
            return new ObjectMapper().readTree(body);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    private static JSONObject loginPayload(String token, Object lastMessageId) {
        JSONObject payload = new JSONObject();
        try {
            payload.put("tokenId", token);
            payload.put("lastMessageId", lastMessageId);
        } catch (org.json.JSONException e) {
            throw new IllegalStateException(e);
        }
        return payload;
    }
}
