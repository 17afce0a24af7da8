package org.pushserver.socket.login;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.pushserver.testing.RunningServer;
import org.pushserver.testing.SocketClient;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pushserver.socket.login.LastMessageIdIT.assertNothingBeforeAMarker;
import static org.pushserver.socket.login.LastMessageIdIT.resumeLogin;
import static org.pushserver.testing.Await.await;

/**
 * The offline inbox at login (Java io.socket 2.x, one node): a push with {@code ttl} to a token with no socket waits
 * for its next login, with or without {@code lastMessageId}, exactly once; one whose ttl passed is never delivered
 * and its fate is {@code expired}; one without ttl is not kept for later.
 */
@DisplayName("Offline inbox: delivery at the next login, and expiry")
class InboxLoginIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static RunningServer server;

    @BeforeAll
    static void start() {
        server = RunningServer.start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static String token() {
        return "inbox-" + UUID.randomUUID();
    }

    /** POST /api with a ttl; returns the answer after checking it queued {@code token}. */
    static JsonNode pushWithTtl(String token, String entityType, int ttlSeconds) throws Exception {
        HttpResponse<String> r = server.post("/api", "{\"tokens\":[\"" + token + "\"],\"entityType\":\"" + entityType
                + "\",\"data\":{\"t\":1},\"ttl\":" + ttlSeconds + "}");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode answer = JSON.readTree(r.body());
        assertTrue(answer.path("queued").toString().contains(token), () -> "queued for the offline token: " + answer);
        return answer;
    }

    static String fate(String id, String token) throws Exception {
        HttpResponse<String> r = server.get("/api/messages/" + id);
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body()).path("tokens").path(token).asText();
    }

    @Test
    void aPushWithTtlToAnOfflineTokenIsDeliveredOnceAtItsNextPlainLogin() throws Exception {
        String token = token();
        String id = pushWithTtl(token, "waiting", 60).get("id").asText();
        assertEquals("pending", fate(id, token));
        try (SocketClient client = SocketClient.connect(server.url())) {
            client.loginAs(token);
            assertEquals("waiting", client.nextMessage().path("entityType").asText(), "delivered at login");
            await("fate delivered", Duration.ofSeconds(5), () -> fateQuietly(id, token).equals("delivered"));
            assertNothingBeforeAMarker(server, client, token, "delivered once");
        }
        try (SocketClient again = SocketClient.connect(server.url())) {
            again.loginAs(token);
            assertNothingBeforeAMarker(server, again, token, "the inbox was emptied by the first login");
        }
    }

    @Test
    void aPushWithTtlIsDeliveredOnceAtALoginWithALastMessageIdThatAlsoCoversIt() throws Exception {
        String token = token();
        String seen;
        try (SocketClient before = SocketClient.connect(server.url())) {
            before.login(resumeLogin(token, null));
            seen = server.push(List.of(token), "n", "0").get("id").asText();
            before.nextMessage();
        }
        await("the token is offline", Duration.ofSeconds(5), () -> !server.get("/api/online?tokens=" + token).body().contains("\"online\":true"));
        String queued = pushWithTtl(token, "waiting", 60).get("id").asText();
        try (SocketClient after = SocketClient.connect(server.url())) {
            JsonNode ack = after.login(resumeLogin(token, seen));
            assertTrue(ack.path("recovered").asBoolean(), ack::toString);
            JsonNode m = after.nextMessage();
            assertEquals(queued, m.path("id").asText(), "the queued push, from history or inbox");
            assertNothingBeforeAMarker(server, after, token, "history and inbox together deliver it once");
        }
    }

    @Test
    void aQueuedPushWhoseTtlPassedIsNeverDeliveredAndItsFateIsExpired() throws Exception {
        String token = token();
        String id = pushWithTtl(token, "stale", 1).get("id").asText();
        await("fate expired", Duration.ofSeconds(10), () -> fateQuietly(id, token).equals("expired"));
        try (SocketClient client = SocketClient.connect(server.url())) {
            client.loginAs(token);
            assertNothingBeforeAMarker(server, client, token, "an expired push is not delivered");
        }
    }

    @Test
    void aPushWithoutTtlToAnOfflineTokenIsNotKeptForLaterAndItsFateIsOffline() throws Exception {
        String token = token();
        JsonNode answer = server.push(List.of(token), "gone", "1");
        assertEquals("offline", fate(answer.get("id").asText(), token));
        try (SocketClient client = SocketClient.connect(server.url())) {
            client.loginAs(token);
            assertNothingBeforeAMarker(server, client, token, "no ttl, no inbox");
        }
    }

    private static String fateQuietly(String id, String token) {
        try {
            return fate(id, token);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
