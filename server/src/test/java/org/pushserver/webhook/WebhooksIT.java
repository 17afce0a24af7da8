package org.pushserver.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pushserver.testing.ResourceExtension;
import org.pushserver.testing.ServerExtension;
import org.pushserver.testing.SocketClient;
import org.pushserver.testing.WebhookReceiver;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pushserver.testing.Await.await;

/** Signed webhooks of one node: presence transitions with their grace, and message_expired. */
@TestMethodOrder(MethodOrderer.MethodName.class)
class WebhooksIT {
    static final String SECRET = "webhook-secret-0123456789abcdef";
    static final long GRACE_MS = 300;
    static final Duration WAIT = Duration.ofSeconds(15);

    @RegisterExtension
    @Order(1)
    static final ResourceExtension<WebhookReceiver> receiver = ResourceExtension.of(WebhookReceiver::start);
    @RegisterExtension
    @Order(2)
    static final ServerExtension server = ServerExtension.withArgs(() -> new String[] {
            "--webhook-url", receiver.get().url(), "--webhook-secret", SECRET + ",older-secret-0123456789abcdef",
            "--webhook-offline-grace-ms", Long.toString(GRACE_MS), "--webhook-batch-ms", "50",
            "--webhook-max-retry-ms", "2000", "--webhook-timeout-ms", "1000"});

    static String token() {
        return "wh-" + UUID.randomUUID();
    }

    @Test
    void aTokensFirstSocketGivesOneSignedTokenOnlineAndItsLastSocketGoneGivesTokenOfflineAfterTheGrace() throws Exception {
        WebhookReceiver r = receiver.get();
        String t = token();
        try (SocketClient first = SocketClient.connect(server.url()); SocketClient second = SocketClient.connect(server.url())) {
            first.loginAs(t);
            second.loginAs(t);
            await("token_online", WAIT, () -> r.eventsOf(t).contains("token_online:" + t));
            first.close();
            long lastGone = System.nanoTime();
            second.close();
            await("token_offline", WAIT, () -> r.eventsOf(t).contains("token_offline:" + t));
            assertTrue(Duration.ofNanos(System.nanoTime() - lastGone).toMillis() >= GRACE_MS, "not before the grace");
        }
        assertEquals(List.of("token_online:" + t, "token_offline:" + t), r.eventsOf(t), "one event per transition");
        WebhookReceiver.Request post = r.requests().stream().filter(q -> q.events().contains("token_online:" + t)).findFirst().orElseThrow();
        assertTrue(WebhookReceiver.signedWith(post, SECRET), "signed with the first secret: " + post.headers());
        assertTrue(Math.abs(Long.parseLong(post.headers().get("x-push-timestamp")) - System.currentTimeMillis() / 1000) < 60,
                "timestamp in Unix seconds");
        assertEquals("application/json", post.headers().get("content-type"));
        JsonNode body = post.json();
        assertTrue(body.get("timeMs").asLong() > 0, body.toString());
        JsonNode event = body.get("events").get(0);
        assertTrue(event.get("timeMs").asLong() > 0 && event.has("name") && event.has("tokenId"), event.toString());
    }

    @Test
    void aReloadWithinTheGraceGivesNoOfflineOnlinePair() {
        WebhookReceiver r = receiver.get();
        String t = token();
        String later = token();
        SocketClient before = SocketClient.connect(server.url());
        before.loginAs(t);
        await("token_online", WAIT, () -> r.eventsOf(t).contains("token_online:" + t));
        // connected first, so that only the login has to come within the grace, however slow the machine connects
        try (SocketClient reloaded = SocketClient.connect(server.url())) {
            before.close(); // the page reloads
            reloaded.loginAs(t);
            // a token that leaves after the reload: its offline comes after the reloaded token's would have
            try (SocketClient marker = SocketClient.connect(server.url())) {
                marker.loginAs(later);
            }
            await("the later token's offline", WAIT, () -> r.eventsOf(later).contains("token_offline:" + later));
            assertEquals(List.of("token_online:" + t), r.eventsOf(t), "no offline + online pair for a reload");
        }
        await("token_offline once the reloaded page closes", WAIT, () -> r.eventsOf(t).contains("token_offline:" + t));
        assertEquals(List.of("token_online:" + t, "token_offline:" + t), r.eventsOf(t));
    }

    @Test
    void aMessageWhoseTtlPassesUndeliveredGivesMessageExpiredOnceAndADeliveredOneNone() {
        WebhookReceiver r = receiver.get();
        String away = token();
        String back = token();
        String lost = server.push(List.of(away), "chat", "{\"n\":1}").get("id").asText(); // no ttl: never queued
        String marker;
        String expiring;
        try (SocketClient client = SocketClient.connect(server.url())) { // connected first: the login comes within the ttl
            expiring = push("{\"tokens\":[\"" + away + "\",\"" + back + "\"],\"entityType\":\"chat\",\"data\":{},\"ttl\":2}");
            client.loginAs(back); // takes its inbox: delivered
            assertEquals("chat", client.nextMessage().get("entityType").asText(), "the inbox at login");
            await("message_expired for the absent token", WAIT,
                    () -> r.eventsOf(away).contains("message_expired:" + away + ":" + expiring));
            marker = push("{\"tokens\":[\"" + away + "\"],\"entityType\":\"marker\",\"data\":{},\"ttl\":1}");
            await("a later message's expiry", WAIT, () -> r.eventsOf(away).contains("message_expired:" + away + ":" + marker));
        }
        assertEquals(List.of("message_expired:" + away + ":" + expiring, "message_expired:" + away + ":" + marker),
                r.eventsOf(away), "once per (message, token); none for a message without a ttl (" + lost + ")");
        assertTrue(r.eventsOf(back).stream().noneMatch(e -> e.startsWith("message_expired")), "delivered: no event");
        JsonNode expired = r.requests().stream().filter(WebhookReceiver.Request::delivered)
                .flatMap(q -> java.util.stream.StreamSupport.stream(q.json().get("events").spliterator(), false))
                .filter(e -> expiring.equals(e.path("messageId").asText())).findFirst().orElseThrow();
        assertEquals("chat", expired.get("entityType").asText(), expired.toString());
    }

    private static String push(String body) {
        var response = server.post("/api", body);
        assertEquals(200, response.statusCode(), response.body());
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body()).get("id").asText();
        } catch (Exception e) {
            throw new AssertionError(response.body(), e);
        }
    }
}
