package org.pushserver.mobile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pushserver.testing.Await;
import org.pushserver.testing.PushBrowser;
import org.pushserver.testing.ServerExtension;
import org.pushserver.testing.SocketClient;
import org.pushserver.testing.VapidKeys;
import org.pushserver.testing.WebPushService;
import org.pushserver.testing.WebPushService.Answer;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fallback end to end on one node: a real server with the real Web Push provider, posting to a local push
 * service that checks VAPID and decrypts like a browser. What a push queues, what the push service gets, and what
 * the message's fate then says.
 */
class MobileFallbackIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final WebPushService pushService = WebPushService.start();

    @RegisterExtension
    static final ServerExtension server = ServerExtension.withArgs(() -> Stream.concat(
            Stream.of(VapidKeys.generate().flags("127.0.0.1")),
            Stream.of("--mobile-max-attempts", "3", "--mobile-max-retry-ms", "20000")).toArray(String[]::new));

    @AfterAll
    static void stopPushService() {
        pushService.close();
    }

    static String token() {
        return "m-" + UUID.randomUUID();
    }

    static String subscriptionBody(String token, PushBrowser browser) {
        return "{\"tokenId\":\"" + token + "\",\"platform\":\"webpush\",\"subscription\":" + browser.subscriptionJson() + "}";
    }

    private static PushBrowser registered(String token) {
        PushBrowser browser = pushService.subscribe();
        assertEquals(200, server.post("/api/devices", subscriptionBody(token, browser)).statusCode());
        return browser;
    }

    private static JsonNode push(String tokensAndMode) throws Exception {
        return JSON.readTree(server.post("/api", "{" + tokensAndMode + ",\"entityType\":\"chat\",\"data\":{\"n\":1},"
                + "\"notification\":{\"title\":\"Hi\",\"body\":\"You have a message\",\"data\":{\"chat\":7}}}").body());
    }

    private static JsonNode fateOnceSettled(String id, String token) throws Exception {
        JsonNode[] fate = new JsonNode[1];
        Await.await("the mobile fate of " + token + " leaves queued", WAIT, () -> {
            try {
                fate[0] = JSON.readTree(server.get("/api/messages/" + id).body());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            JsonNode state = fate[0].path("mobile").path(token);
            return !state.isMissingNode() && !state.asText().equals("queued");
        });
        return fate[0];
    }

    private static List<WebPushService.Received> receivedAt(PushBrowser browser) {
        String path = java.net.URI.create(browser.endpoint()).getPath();
        return pushService.received.stream().filter(r -> r.path().equals(path)).toList();
    }

    @Test
    void anOfflineTokensBrowserGetsTheNotificationAndTheFateSaysSent() throws Exception {
        String token = token();
        PushBrowser browser = registered(token);
        JsonNode answer = push("\"tokens\":[\"" + token + "\"]");
        assertEquals(1, answer.get("devices").asInt(), answer.toString());
        assertNull(answer.get("mobileError"), answer.toString());

        JsonNode fate = fateOnceSettled(answer.get("id").asText(), token);
        assertEquals("offline", fate.get("tokens").get(token).asText(), fate.toString());
        assertEquals("sent", fate.get("mobile").get(token).asText(), fate.toString());
        WebPushService.Received got = receivedAt(browser).get(0);
        assertNull(got.problem(), got.problem());
        JsonNode shown = JSON.readTree(got.text());
        assertEquals("Hi", shown.get("title").asText());
        assertEquals("You have a message", shown.get("body").asText());
        assertEquals(7, shown.get("data").get("chat").asInt());
        assertEquals(answer.get("id").asText(), shown.get("messageId").asText());
    }

    @Test
    void alwaysSendsToTheSocketAndTheDevice() throws Exception {
        String token = token();
        PushBrowser browser = registered(token);
        try (SocketClient socket = SocketClient.connect(server.url())) {
            socket.loginAs(token);
            JsonNode answer = push("\"tokens\":[\"" + token + "\"],\"mobile\":\"always\"");
            assertEquals(1, answer.get("sockets").asInt(), answer.toString());
            assertEquals(1, answer.get("devices").asInt(), answer.toString());
            assertEquals("chat", socket.nextMessage().get("entityType").asText());
            JsonNode fate = fateOnceSettled(answer.get("id").asText(), token);
            assertEquals("delivered", fate.get("tokens").get(token).asText(), fate.toString());
            assertEquals("sent", fate.get("mobile").get(token).asText(), fate.toString());
            assertEquals(1, receivedAt(browser).size());
        }
    }

    @Test
    void offlineSkipsATokenWithASocketAndNeverSendsNothing() throws Exception {
        String online = token();
        String offline = token();
        PushBrowser onlineBrowser = registered(online);
        PushBrowser offlineBrowser = registered(offline);
        try (SocketClient socket = SocketClient.connect(server.url())) {
            socket.loginAs(online);
            JsonNode never = push("\"tokens\":[\"" + online + "\",\"" + offline + "\"],\"mobile\":\"never\"");
            assertEquals(0, never.get("devices").asInt(), never.toString());
            JsonNode answer = push("\"tokens\":[\"" + online + "\",\"" + offline + "\"]");
            assertEquals(1, answer.get("devices").asInt(), answer.toString());
            JsonNode fate = fateOnceSettled(answer.get("id").asText(), offline);
            assertEquals("sent", fate.get("mobile").get(offline).asText());
            assertTrue(fate.get("mobile").path(online).isMissingNode(), fate.toString());
            JsonNode neverFate = JSON.readTree(server.get("/api/messages/" + never.get("id").asText()).body());
            assertTrue(neverFate.path("mobile").isMissingNode(), neverFate.toString());
            assertEquals(0, receivedAt(onlineBrowser).size());
            assertEquals(1, receivedAt(offlineBrowser).size(), "only the offline token's push, not the never one's");
        }
    }

    @Test
    void aGoneBrowserIsRemovedFromTheRegistryAndCounted() throws Exception {
        String token = token();
        registered(token);
        pushService.answerNext(Answer.of(410));
        JsonNode answer = push("\"tokens\":[\"" + token + "\"]");
        JsonNode fate = fateOnceSettled(answer.get("id").asText(), token);
        assertEquals("failed", fate.get("mobile").get(token).asText(), fate.toString());
        assertEquals(0, JSON.readTree(server.get("/api/devices?token=" + token).body()).get("devices").size());
        String metrics = server.get("/metrics").body();
        assertTrue(metrics.contains("pushserver_mobile_devices_removed_total{platform=\"webpush\"}"), "removed devices counted");
        assertTrue(metrics.contains("pushserver_mobile_sends_total{outcome=\"gone\",platform=\"webpush\"}"), "sends by outcome");
        assertTrue(metrics.contains("pushserver_mobile_queue_depth "), "queue depth gauge");
    }

    @Test
    void aPushServiceThatStaysDownGetsBoundedRetriesWhileSocketsAreServed() throws Exception {
        String token = token();
        PushBrowser browser = registered(token);
        pushService.answerNext(Answer.of(503), Answer.of(429, "Retry-After", "1"), Answer.of(503)); // then 201, never asked
        long start = System.nanoTime();
        JsonNode answer = push("\"tokens\":[\"" + token + "\"]");
        assertEquals(1, answer.get("devices").asInt(), answer.toString());
        try (SocketClient socket = SocketClient.connect(server.url())) { // the event loops keep serving meanwhile
            String other = token();
            socket.loginAs(other);
            assertEquals(1, server.push(List.of(other), "ping", "{}").get("sockets").asInt());
            assertEquals("ping", socket.nextMessage().get("entityType").asText());
        }
        JsonNode fate = fateOnceSettled(answer.get("id").asText(), token);
        assertEquals("failed", fate.get("mobile").get(token).asText(), fate.toString());
        assertEquals(3, receivedAt(browser).size(), "MOBILE_MAX_ATTEMPTS=3 attempts, no more");
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() >= 1000, "Retry-After: 1 was honoured");
    }
}
