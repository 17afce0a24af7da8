package org.pushserver.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * One signed POST of a batch to {@code WEBHOOK_URL}, asynchronous ({@code java.net.http}), bounded by
 * {@code WEBHOOK_TIMEOUT_MS}. HTTP/1.1, so that a backend behind any proxy takes it.
 */
final class WebhookPost {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI url;
    private final Duration timeout;
    private final WebhookSigner signer;
    private final LongSupplier clock;
    private final HttpClient http;

    WebhookPost(URI url, Duration timeout, WebhookSigner signer, LongSupplier clock) {
        this.url = url;
        this.timeout = timeout;
        this.signer = signer;
        this.clock = clock;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** The body {@code {"timeMs", "events": […]}}: made once per batch, so that a retry sends the same bytes. */
    byte[] body(List<WebhookEvent> events) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("timeMs", clock.getAsLong());
        body.put("events", events);
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("events are plain records", e);
        }
    }

    /**
     * Sends {@code body}, signed now (so a retry carries a fresh timestamp); completes with the status, or fails on a
     * timeout or a broken connection. Never throws.
     */
    CompletableFuture<Integer> send(byte[] body) {
        try {
            WebhookSigner.Signature s = signer.sign(body, clock.getAsLong());
            HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout)
                    .header("Content-Type", "application/json")
                    .header(WebhookSigner.TIMESTAMP_HEADER, s.timestamp())
                    .header(WebhookSigner.SIGNATURE_HEADER, s.signature())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            return http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).thenApply(HttpResponse::statusCode);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
