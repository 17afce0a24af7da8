package org.pushserver.demo.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chat backend over real HTTP on loopback, with requests signed as the push server signs client events: a chat
 * line is kept and answered with a publish to its recipient; forged, stale and replayed requests are refused.
 */
class ChatBackendTest {
    private static final String SECRET = "chat-backend-test-secret-01";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static ChatBackend backend;

    @BeforeAll
    static void start() throws Exception {
        backend = ChatBackend.start("127.0.0.1", 0, SECRET);
    }

    @AfterAll
    static void stop() {
        backend.close();
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + backend.port() + path;
    }

    private static HttpResponse<String> post(String body, String secret, long seconds) throws Exception {
        String timestamp = Long.toString(seconds);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
        String signature = "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        return HTTP.send(HttpRequest.newBuilder(URI.create(url("/events")))
                .header("X-Push-Timestamp", timestamp).header("X-Push-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String event(String from, String to, String text) {
        return "{\"tokenId\":\"" + from + "\",\"socketId\":\"s-1\",\"event\":\"chat_message\",\"data\":{\"to\":\"" + to
                + "\",\"text\":\"" + text + "\"},\"timeMs\":" + System.currentTimeMillis() + "}";
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }

    @Test
    void aChatLineIsKeptAndAnsweredWithAPublishToItsRecipient() throws Exception {
        HttpResponse<String> reply = post(event("ann", "ben", "hello ben"), SECRET, now());
        assertEquals(200, reply.statusCode(), reply.body());
        JsonNode answer = JSON.readTree(reply.body());
        assertEquals(true, answer.path("ok").asBoolean());
        long id = answer.path("id").asLong();
        JsonNode publish = answer.path("publish");
        assertEquals("[\"ben\"]", publish.path("tokens").toString());
        assertEquals("chat_message", publish.path("entityType").asText());
        assertEquals("ann", publish.path("data").path("from").asText());
        assertEquals("ben", publish.path("data").path("to").asText());
        assertEquals("hello ben", publish.path("data").path("text").asText());
        assertEquals(id, publish.path("data").path("id").asLong());

        HttpResponse<String> history = HTTP.send(HttpRequest.newBuilder(URI.create(url("/conversations?user=ben&with=ann")))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, history.statusCode());
        assertEquals("*", history.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
        JsonNode messages = JSON.readTree(history.body()).path("messages");
        assertEquals(1, messages.size());
        assertEquals("hello ben", messages.get(0).path("text").asText());
    }

    @Test
    void forgedStaleAndReplayedEventsAreRefusedAndKeepNothing() throws Exception {
        assertEquals(401, post(event("eve", "zed", "forged"), "not-the-secret-at-all-000", now()).statusCode());
        assertEquals(401, post(event("eve", "zed", "stale"), SECRET, now() - 3600).statusCode());
        String body = event("eve", "zed", "once");
        long at = now();
        assertEquals(200, post(body, SECRET, at).statusCode());
        assertEquals(401, post(body, SECRET, at).statusCode(), "the same signed request again is a replay");
        HttpResponse<String> history = HTTP.send(HttpRequest.newBuilder(URI.create(url("/conversations?user=eve&with=zed")))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(1, JSON.readTree(history.body()).path("messages").size(), "only the genuine line is kept");
    }

    @Test
    void aMalformedChatLineOrAnotherEventIsAnsweredNotOk() throws Exception {
        JsonNode noText = JSON.readTree(post(event("ann", "ben", ""), SECRET, now()).body());
        assertEquals("invalid_message", noText.path("error").asText());
        assertFalse(noText.has("publish"));
        String typing = "{\"tokenId\":\"ann\",\"socketId\":\"s\",\"event\":\"typing\",\"data\":{},\"timeMs\":1}";
        assertEquals("unknown_event", JSON.readTree(post(typing, SECRET, now()).body()).path("error").asText());
    }

    @Test
    void aHistoryQueryWithoutBothUsersIsA400() throws Exception {
        HttpResponse<String> reply = HTTP.send(HttpRequest.newBuilder(URI.create(url("/conversations?user=ann")))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, reply.statusCode());
        assertEquals("invalid_query", JSON.readTree(reply.body()).path("error").asText());
    }
}
