package org.pushserver.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.pushserver.delivery.Token;
import org.pushserver.metrics.PushMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One POST of a credential to the login webhook, read into an {@link Answer}: never blocks the caller, never fails
 * (a backend that cannot answer yields an uncacheable refusal), counted and timed by outcome. The contract is in
 * {@link WebhookLogin}.
 */
final class WebhookCall {
    static final String UNAVAILABLE = LoginRefusal.SERVICE_UNAVAILABLE.reason();
    static final String DEFAULT_REFUSAL = LoginRefusal.TOKEN_REFUSED.reason();
    private static final int MAX_ANSWER_BYTES = 64 * 1024;
    private static final int MAX_REASON_CHARS = 200;
    private static final Logger log = LoggerFactory.getLogger(WebhookCall.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What the backend said.
     *
     * @param outcome {@code accepted}, {@code refused}, {@code error} or {@code timeout}
     */
    record Answer(LoginVerdict verdict, String outcome) {
        /** Only real answers are reused: a failed call must not lock a user out for the cache's lifetime. */
        boolean cacheable() {
            return outcome.equals("accepted") || outcome.equals("refused");
        }
    }

    private final HttpClient http;
    private final URI url;
    private final Duration timeout;
    private final String target;
    private final PushMetrics metrics;

    WebhookCall(URI url, Duration timeout, PushMetrics metrics) {
        this.url = url;
        this.timeout = timeout;
        this.metrics = metrics;
        // The URL may carry a secret (user info, a query key): logs show scheme, host, port and path only.
        this.target = url.getScheme() + "://" + url.getHost() + (url.getPort() >= 0 ? ":" + url.getPort() : "") + url.getRawPath();
        // HTTP/1.1: no h2c upgrade headers for plain-HTTP backends to trip on. Redirects are not followed (an error).
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    }

    /** Asks the backend about {@code credential}; completes (never exceptionally) within about the timeout. */
    CompletableFuture<Answer> call(String credential) {
        long start = System.nanoTime();
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(url).timeout(timeout)
                    .header("Content-Type", "application/json").header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(Map.of("tokenId", credential))))
                    .build();
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return CompletableFuture.completedFuture(done(failure("error", e.toString()), start));
        }
        CompletableFuture<HttpResponse<byte[]>> sent = http.sendAsync(request, LimitedBody.upTo(MAX_ANSWER_BYTES));
        // The request timeout bounds the wait for the headers only; this bounds the body too.
        return sent.copy().orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).handle((response, error) -> {
            if (error == null) {
                return done(read(response), start);
            }
            sent.cancel(true); // on a timeout: abandon the exchange and its connection
            Throwable cause = unwrap(error);
            boolean timedOut = cause instanceof TimeoutException || cause instanceof HttpTimeoutException;
            return done(failure(timedOut ? "timeout" : "error", cause.toString()), start);
        });
    }

    private Answer read(HttpResponse<byte[]> response) {
        int status = response.statusCode();
        if (status != 200 && status != 401 && status != 403) {
            return failure("error", "answered HTTP " + status);
        }
        JsonNode answer;
        try {
            answer = JSON.readTree(response.body());
        } catch (IOException e) {
            answer = null;
        }
        if (status != 200) { // 401/403: refused, with the backend's reason when it gave one
            return new Answer(LoginVerdict.refused(reason(answer)), "refused");
        }
        if (answer == null || !answer.isObject()) {
            return failure("error", "answer is not a JSON object");
        }
        JsonNode valid = answer.get("valid");
        if (valid == null || !valid.isBoolean()) {
            return failure("error", "answer has no boolean \"valid\"");
        }
        if (!valid.booleanValue()) {
            return new Answer(LoginVerdict.refused(reason(answer)), "refused");
        }
        return room(answer.get("room"))
                .map(room -> new Answer(LoginVerdict.accepted(room), "accepted"))
                .orElseGet(() -> failure("error", "valid answer without a usable \"room\""));
    }

    private static Optional<String> room(JsonNode room) {
        if (room == null) {
            return Optional.empty();
        }
        Object value = room.isTextual() ? room.textValue()
                : room.isIntegralNumber() ? room.bigIntegerValue()
                : room.isNumber() ? room.decimalValue() : null;
        return Token.normalize(value);
    }

    /** The backend's {@code reason}, made safe to show a client: one short line. */
    private static String reason(JsonNode answer) {
        JsonNode reason = answer == null ? null : answer.get("reason");
        if (reason == null || !reason.isTextual()) {
            return DEFAULT_REFUSAL;
        }
        String text = reason.textValue().replaceAll("\\p{Cntrl}", " ").strip();
        if (text.isEmpty()) {
            return DEFAULT_REFUSAL;
        }
        return text.length() > MAX_REASON_CHARS ? text.substring(0, MAX_REASON_CHARS) : text;
    }

    private Answer failure(String outcome, String detail) {
        log.warn("login webhook {} failed ({}): {}; login refused", target, outcome, detail);
        return new Answer(LoginVerdict.refused(UNAVAILABLE), outcome);
    }

    private Answer done(Answer answer, long start) {
        metrics.loginWebhookCall(answer.outcome(), System.nanoTime() - start);
        return answer;
    }

    private static Throwable unwrap(Throwable error) {
        while ((error instanceof CompletionException || error instanceof ExecutionException) && error.getCause() != null) {
            error = error.getCause();
        }
        return error;
    }
}
