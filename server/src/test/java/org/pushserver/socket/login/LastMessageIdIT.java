package org.pushserver.socket.login;

import com.fasterxml.jackson.databind.JsonNode;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pushserver.testing.RawWebSocket;
import org.pushserver.testing.RunningServer;
import org.pushserver.testing.SocketClient;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code user_login} with {@code lastMessageId} (Java io.socket 2.x client, one node): the opt-in, the login ack's
 * {@code recovered} and {@code missed}, history too short, and bad ids (unknown, malformed, another token's), which
 * recover nothing and leak nothing.
 */
@DisplayName("Resume with lastMessageId: opt-in, limits and bad ids")
class LastMessageIdIT {
    private static RunningServer server;
    /** Keeps three messages per token, so a fourth push makes the first one unrecoverable. */
    private static RunningServer shortHistory;

    @BeforeAll
    static void start() {
        server = RunningServer.start();
        shortHistory = RunningServer.start("--history-size", "3");
    }

    @AfterAll
    static void stop() {
        for (RunningServer s : new RunningServer[] {server, shortHistory}) {
            if (s != null) {
                s.close();
            }
        }
    }

    static String token() {
        return "resume-" + UUID.randomUUID();
    }

    /** {@code {"tokenId", "lastMessageId", "acks": false}}, with {@code lastId} null sent as JSON null. */
    static Object resumeLogin(String token, Object lastId) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("tokenId", token);
        payload.put("lastMessageId", lastId == null ? JSONObject.NULL : lastId);
        payload.put("acks", false);
        return new JSONObject(payload);
    }

    @Test
    void aSocketThatSendsANullLastMessageIdGetsIdsInItsPayloadsWhileOthersGetTodaysBytes() throws Exception {
        String token = token();
        try (SocketClient resuming = SocketClient.connect(server.url()); RawWebSocket legacy = RawWebSocket.loggedIn(server, token, true)) {
            JsonNode ack = resuming.login(resumeLogin(token, null));
            assertTrue(ack.path("ok").asBoolean(), ack::toString);
            assertEquals(token, ack.path("tokenId").asText());
            assertFalse(ack.path("recovered").asBoolean(true), () -> "a null id recovers nothing: " + ack);
            assertEquals(0, ack.path("missed").asInt(-1), ack::toString);

            String id = server.push(List.of(token), "like", "{\"n\":1}").get("id").asText();
            JsonNode withId = resuming.nextMessage();
            assertEquals(Set.of("entityType", "data", "id"), Set.copyOf(fieldNames(withId)), withId::toString);
            assertEquals(id, withId.get("id").asText());
            // Today's payload byte for byte; an Engine.IO v4 socket may also get the push's id as the extra last
            // argument that connection-state recovery (socket.io 4.6+) adds to every event, as Node's server does.
            String today = "42[\"receive_message\",{\"entityType\":\"like\",\"data\":{\"n\":1}}";
            String frame = legacy.expect("42");
            assertTrue(frame.equals(today + "]") || frame.equals(today + ",\"" + id + "\"]"),
                    () -> "a socket that did not opt in gets today's payload: " + frame);
        }
    }

    @Test
    void aKnownLastMessageIdGetsTheMessagesAfterItInOrderBeforeAnythingNewer() {
        String token = token();
        String first;
        try (SocketClient before = SocketClient.connect(server.url())) {
            before.login(resumeLogin(token, null));
            first = server.push(List.of(token), "n", "0").get("id").asText();
            assertEquals(first, before.nextMessage().get("id").asText());
        }
        List<String> missed = List.of(server.push(List.of(token), "n", "1").get("id").asText(),
                server.push(List.of(token), "n", "2").get("id").asText());
        try (SocketClient after = SocketClient.connect(server.url())) {
            JsonNode ack = after.login(resumeLogin(token, first));
            assertTrue(ack.path("ok").asBoolean() && ack.path("recovered").asBoolean(), ack::toString);
            assertEquals(2, ack.path("missed").asInt(), ack::toString);
            String newer = server.push(List.of(token), "n", "3").get("id").asText();
            assertEquals(missed.get(0), after.nextMessage().get("id").asText());
            assertEquals(missed.get(1), after.nextMessage().get("id").asText());
            assertEquals(newer, after.nextMessage().get("id").asText(), "then what is newer");
        }
    }

    @Test
    void aLastMessageIdOlderThanTheHistoryAnswersRecoveredFalseAndReplaysNothing() {
        String token = token();
        String first;
        try (SocketClient before = SocketClient.connect(shortHistory.url())) {
            before.login(resumeLogin(token, null));
            first = shortHistory.push(List.of(token), "n", "0").get("id").asText();
            before.nextMessage();
        }
        for (int i = 1; i <= 4; i++) { // 4 more than the 3 kept: the one after `first` is gone
            shortHistory.push(List.of(token), "n", String.valueOf(i));
        }
        try (SocketClient after = SocketClient.connect(shortHistory.url())) {
            JsonNode ack = after.login(resumeLogin(token, first));
            assertTrue(ack.path("ok").asBoolean(), ack::toString);
            assertFalse(ack.path("recovered").asBoolean(true), () -> "history no longer reaches back: " + ack);
            assertNothingBeforeAMarker(shortHistory, after, token, "never partial: nothing is replayed");
        }
    }

    @Test
    void anUnknownLastMessageIdOfThisServersFormIsRefusedByNameAndRecoversNothing() {
        String token = token();
        String real = server.push(List.of(token), "n", "0").get("id").asText();
        String epoch = real.substring(0, real.lastIndexOf('-'));
        assertBadLastMessageId(token, epoch + "-" + (Long.parseLong(real.substring(real.lastIndexOf('-') + 1)) + 1_000_000));
    }

    @ParameterizedTest(name = "lastMessageId \"{0}\" is refused by name and recovers nothing")
    @ValueSource(strings = {"", "not an id", "-1", "abc-", "ABC-1", "abc-0", "abc-x", "abc-99999999999999999999",
        "0123456789012345678901234567890123456789012345678901234567890123456789-1", "{\"$gt\":\"\"}", "../../etc/passwd"})
    void aMalformedLastMessageIdIsRefusedByNameAndRecoversNothing(String lastId) {
        String token = token();
        server.push(List.of(token), "n", "0");
        assertBadLastMessageId(token, lastId);
    }

    @Test
    void aLastMessageIdOfTheWrongJsonTypeIsRefusedByNameAndRecoversNothing() {
        String token = token();
        server.push(List.of(token), "n", "0");
        assertBadLastMessageId(token, 12345);
        assertBadLastMessageId(token, new JSONObject(Map.of("id", "x")));
    }

    @Test
    void anotherTokensLastMessageIdIsRefusedByNameAndLeaksNoneOfItsMessages() {
        String mine = token();
        String theirs = token();
        String theirFirst = server.push(List.of(theirs), "secret", "1").get("id").asText();
        server.push(List.of(theirs), "secret", "2");
        server.push(List.of(mine), "n", "0");
        assertBadLastMessageId(mine, theirFirst);
    }

    /** Logs in as {@code token} with {@code lastId}: the ack must not say recovered and must name the field; nothing is replayed. */
    private static void assertBadLastMessageId(String token, Object lastId) {
        try (SocketClient client = SocketClient.connect(server.url())) {
            JsonNode ack = client.login(resumeLogin(token, lastId));
            assertNotEquals(true, ack.path("recovered").asBoolean(false), () -> lastId + " recovered: " + ack);
            assertTrue(ack.toString().contains("lastMessageId"), () -> "the answer names the field lastMessageId: " + ack);
            if (ack.path("ok").asBoolean()) {
                assertNothingBeforeAMarker(server, client, token, "nothing replayed after a bad lastMessageId " + lastId);
            } else {
                assertEquals(0, client.pending(), "nothing replayed after a refused lastMessageId " + lastId);
            }
        }
        assertEquals(200, server.get("/health").statusCode(), "the server still answers");
    }

    /** Pushes a marker to {@code token}: the next message {@code client} gets must be it. */
    static void assertNothingBeforeAMarker(RunningServer on, SocketClient client, String token, String what) {
        on.push(List.of(token), "marker", "null");
        assertEquals("marker", client.nextMessage().path("entityType").asText(), what);
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
