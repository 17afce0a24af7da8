package org.pushserver.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends one logical request until it is answered: connection failures and 5xx move to the next node at once while
 * some node is untried, then back off exponentially; 429 waits its {@code Retry-After} on the same node (limits are
 * cluster-wide); {@code idempotency_in_progress} backs off; a {@code replayed_request} is signed again. Every other
 * refusal fails at once as a {@link PushException}. Publishing requests carry their Idempotency-Key on every attempt,
 * so an attempt whose answer was lost is answered, not delivered again, by the next one.
 */
final class RetryingSender {
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private final HttpClient http;
    private final Replies replies;
    private final List<String> nodes;
    private final Credentials credentials;
    private final Duration requestTimeout;
    private final int retries;
    private final Duration backoff;
    private final Executor executor;
    /** The node that answered last: calls start there, so a dead first URL costs one failover, not one per call. */
    private final AtomicInteger preferred = new AtomicInteger();

    RetryingSender(HttpClient http, ObjectMapper json, List<String> nodes, Credentials credentials,
                   Duration requestTimeout, int retries, Duration backoff, Executor executor) {
        this.http = http;
        this.replies = new Replies(json);
        this.nodes = nodes;
        this.credentials = credentials;
        this.requestTimeout = requestTimeout;
        this.retries = retries;
        this.backoff = backoff;
        this.executor = executor;
    }

    /** The 2xx answer's JSON, or a {@link PushException}. {@code body} null for a GET. */
    CompletableFuture<Answer> send(String method, String path, byte[] body, String idempotencyKey) {
        Call call = new Call(method, path, body, idempotencyKey, preferred.get());
        attempt(call);
        return call.result;
    }

    /** A 2xx answer: its JSON and whether it replays an earlier attempt's (Idempotent-Replayed). */
    static final class Answer {
        final JsonNode json;
        final boolean replayed;

        Answer(JsonNode json, boolean replayed) {
            this.json = json;
            this.replayed = replayed;
        }
    }

    private static final class Call {
        final String method;
        final String path;
        final byte[] body;
        final String idempotencyKey;
        final CompletableFuture<Answer> result = new CompletableFuture<>();
        int node;
        int attempts;
        int nodesTried = 1;

        Call(String method, String path, byte[] body, String idempotencyKey, int node) {
            this.method = method;
            this.path = path;
            this.body = body;
            this.idempotencyKey = idempotencyKey;
            this.node = node;
        }
    }

    /** One attempt; whatever it throws (a header value the HTTP client refuses...) fails the call, never a thread. */
    private void attempt(Call call) {
        try {
            send(call);
        } catch (RuntimeException e) {
            call.result.completeExceptionally(e);
        }
    }

    private void send(Call call) {
        int node = call.node;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(nodes.get(node) + call.path))
                .timeout(requestTimeout).header("Accept", "application/json");
        if (call.body == null) {
            request.method(call.method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(call.method, HttpRequest.BodyPublishers.ofByteArray(call.body));
        }
        if (call.idempotencyKey != null) {
            request.header("Idempotency-Key", call.idempotencyKey);
        }
        long wait = credentials.apply(request, call.body == null ? new byte[0] : call.body);
        if (wait > 0) { // this body was signed too often just now: a fresh second makes a fresh signature
            later(wait, () -> attempt(call));
            return;
        }
        http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray()).whenComplete((response, error) -> {
            try {
                decide(call, node, response, error);
            } catch (RuntimeException e) {
                call.result.completeExceptionally(e);
            }
        });
    }

    private void decide(Call call, int node, HttpResponse<byte[]> response, Throwable error) {
        PushException failure;
        long delayMillis;
        if (error != null) {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (!(cause instanceof IOException)) {
                call.result.completeExceptionally(cause);
                return;
            }
            failure = new PushException(0, PushError.UNREACHABLE.code(),
                    "no answer from " + nodes.get(node) + call.path + ": " + cause, null, cause);
            delayMillis = failOver(call);
        } else if (response.statusCode() / 100 == 2) {
            preferred.set(node);
            call.result.complete(new Answer(replies.json(response),
                    response.headers().firstValue("Idempotent-Replayed").map("true"::equals).orElse(false)));
            return;
        } else {
            failure = replies.refusal(response);
            PushError code = failure.error();
            if (response.statusCode() >= 500) {
                delayMillis = failOver(call);
            } else if (code == PushError.RATE_LIMITED) {
                delayMillis = failure.retryAfter().map(Duration::toMillis).orElse(backoffMillis(call));
            } else if (code == PushError.IDEMPOTENCY_IN_PROGRESS) {
                delayMillis = backoffMillis(call);
            } else if (code == PushError.REPLAYED_REQUEST && credentials.signs()) {
                delayMillis = 0; // another sender signed the same body in the same second: sign anew
            } else {
                call.result.completeExceptionally(failure);
                return;
            }
        }
        if (call.attempts >= retries) {
            call.result.completeExceptionally(failure);
            return;
        }
        call.attempts++;
        later(delayMillis, () -> attempt(call));
    }

    /** Moves the call to the next node: at once while some node is untried in this call, else after a backoff. */
    private long failOver(Call call) {
        call.node = (call.node + 1) % nodes.size();
        return call.nodesTried++ < nodes.size() ? 0 : backoffMillis(call);
    }

    /** Exponential, from the configured backoff, capped, with jitter so that many clients do not retry together. */
    private long backoffMillis(Call call) {
        long base = backoff.toMillis() << Math.min(call.attempts, 16);
        long capped = Math.min(base, MAX_BACKOFF.toMillis());
        return capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
    }

    private void later(long delayMillis, Runnable task) {
        CompletableFuture.delayedExecutor(delayMillis, TimeUnit.MILLISECONDS, executor).execute(task);
    }
}
