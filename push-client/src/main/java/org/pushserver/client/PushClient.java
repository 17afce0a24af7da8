package org.pushserver.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Function;

/**
 * The push server's HTTP API for a Java backend: typed calls, retries that never deliver twice, failover between
 * nodes, and a bearer or signed key. Thread-safe; make one and share it.
 * <pre>{@code
 * PushClient push = PushClient.builder().baseUrls("http://push-1:4001", "http://push-2:4001").bearerKey(key).build();
 * PushResult sent = push.pushSync(Push.to("u-17").type("like").data(Map.of("postId", 9)));
 * }</pre>
 * Calls complete with a {@link PushException} carrying the server's error code when refused.
 */
public final class PushClient {
    private final ObjectMapper json;
    private final RetryingSender sender;

    private PushClient(Builder b) {
        Executor executor = b.executor == null ? ForkJoinPool.commonPool() : b.executor;
        HttpClient.Builder http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(b.connectTimeout);
        if (b.executor != null) {
            http.executor(b.executor);
        }
        Credentials credentials = b.bearerKey != null ? Credentials.bearer(b.bearerKey)
                : b.signingKey != null ? Credentials.signing(b.signingKey, Clock.systemUTC()) : Credentials.none();
        this.json = b.json;
        this.sender = new RetryingSender(http.build(), json, b.baseUrls, credentials, b.requestTimeout, b.retries,
                b.retryBackoff, executor);
    }

    /** A builder: {@link Builder#baseUrls} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Sends {@code push} ({@code POST /api}) with its Idempotency-Key, retried and failed over as configured. */
    public CompletableFuture<PushResult> push(Push push) {
        String key = push.idempotencyKey() != null ? push.idempotencyKey() : UUID.randomUUID().toString();
        return sender.send("POST", "/api", bytes(push.toJson(json)), key)
                .thenApply(a -> PushResult.of(a.json, a.replayed));
    }

    /** {@link #push}, waiting for the answer; throws {@link PushException} when refused. */
    public PushResult pushSync(Push push) {
        return await(push(push));
    }

    /**
     * Sends a message to every logged-in socket ({@code POST /api/broadcast}), with an Idempotency-Key; {@code data}
     * null sends none (the sockets get {@code {}}).
     */
    public CompletableFuture<PushResult> broadcast(String type, Object data) {
        ObjectNode body = json.createObjectNode().put("entityType", Objects.requireNonNull(type, "type"));
        if (data != null) {
            body.set("data", json.valueToTree(data));
        }
        return sender.send("POST", "/api/broadcast", bytes(body), UUID.randomUUID().toString())
                .thenApply(a -> PushResult.of(a.json, a.replayed));
    }

    /** Which of {@code tokens} have a socket, cluster-wide ({@code POST /api/online}). */
    public CompletableFuture<Presence> online(Collection<String> tokens) {
        ObjectNode body = json.createObjectNode();
        ArrayNode array = body.putArray("tokens");
        tokens.forEach(array::add);
        return sender.send("POST", "/api/online", bytes(body), null).thenApply(a -> Presence.of(a.json));
    }

    /** What {@code token} was sent after the message {@code sinceId} (null: everything held), oldest first. */
    public CompletableFuture<History> history(String token, String sinceId) {
        String query = "?token=" + encode(token) + (sinceId == null ? "" : "&since=" + encode(sinceId));
        return get("/api/history" + query, History::of);
    }

    /** What became of the message {@code id}, per token ({@code GET /api/messages/{id}}). */
    public CompletableFuture<MessageFate> message(String id) {
        return get("/api/messages/" + encode(id), MessageFate::of);
    }

    /** The phones and browsers registered for {@code token} ({@code GET /api/devices?token=}). */
    public CompletableFuture<Devices> devices(String token) {
        return get("/api/devices?token=" + encode(token), Devices::of);
    }

    private <T> CompletableFuture<T> get(String path, Function<com.fasterxml.jackson.databind.JsonNode, T> read) {
        return sender.send("GET", path, null, null).thenApply(a -> read.apply(a.json));
    }

    private byte[] bytes(ObjectNode body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("data: not serialisable as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(Objects.requireNonNull(value), StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The value of {@code future}, or its {@link PushException} (or other runtime failure) thrown as is. */
    static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException) {
                throw (RuntimeException) e.getCause();
            }
            throw new CompletionException(e.getCause());
        }
    }

    /** Builds a {@link PushClient}. */
    public static final class Builder {
        private List<String> baseUrls = List.of();
        private String bearerKey;
        private String signingKey;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration requestTimeout = Duration.ofSeconds(10);
        private int retries = 3;
        private Duration retryBackoff = Duration.ofMillis(200);
        private Executor executor;
        private ObjectMapper json = new ObjectMapper();

        private Builder() {
        }

        /** The nodes, tried in this order on connection failures and 5xx (e.g. {@code http://push-1:4001}). */
        public Builder baseUrls(String... urls) {
            return baseUrls(List.of(urls));
        }

        /** The nodes, tried in this order on connection failures and 5xx. */
        public Builder baseUrls(List<String> urls) {
            List<String> checked = new ArrayList<>();
            for (String url : urls) {
                URI uri = URI.create(Objects.requireNonNull(url, "baseUrls: null URL"));
                if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                    throw new IllegalArgumentException("baseUrls: not an http(s) URL: " + url);
                }
                checked.add(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
            }
            this.baseUrls = List.copyOf(checked);
            return this;
        }

        /** Sends {@code Authorization: Bearer <key>} (one of the server's API_KEYS). */
        public Builder bearerKey(String key) {
            this.bearerKey = Objects.requireNonNull(key, "bearerKey");
            return this;
        }

        /** Signs each request with {@code key} (X-Timestamp, X-Signature) instead: the key never travels. */
        public Builder signingKey(String key) {
            this.signingKey = Objects.requireNonNull(key, "signingKey");
            return this;
        }

        /** How long a connection may take (default 5 s); past it, the next node. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = Objects.requireNonNull(timeout, "connectTimeout");
            return this;
        }

        /** How long one attempt may wait for its answer (default 10 s); past it, a retry. */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = Objects.requireNonNull(timeout, "requestTimeout");
            return this;
        }

        /** Retries after the first attempt (default 3); a failover to the next node counts as one. */
        public Builder retries(int retries) {
            this.retries = retries;
            return this;
        }

        /** The first retry's backoff, doubled for each next one up to 10 s (default 200 ms). */
        public Builder retryBackoff(Duration backoff) {
            this.retryBackoff = Objects.requireNonNull(backoff, "retryBackoff");
            return this;
        }

        /** Runs the HTTP client's work, the retries' timers and the futures' completions (default: the JDK's). */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /** Serialises the pushes' data (default a plain {@code new ObjectMapper()}). */
        public Builder objectMapper(ObjectMapper json) {
            this.json = Objects.requireNonNull(json, "objectMapper");
            return this;
        }

        /** The client; throws {@link IllegalArgumentException} naming the bad setting. */
        public PushClient build() {
            if (baseUrls.isEmpty()) {
                throw new IllegalArgumentException("baseUrls: give at least one");
            }
            if (bearerKey != null && signingKey != null) {
                throw new IllegalArgumentException("bearerKey, signingKey: give one or the other, not both");
            }
            if (retries < 0) {
                throw new IllegalArgumentException("retries: must not be negative, was " + retries);
            }
            if (connectTimeout.isNegative() || connectTimeout.isZero() || requestTimeout.isNegative()
                    || requestTimeout.isZero() || retryBackoff.isNegative()) {
                throw new IllegalArgumentException("connectTimeout, requestTimeout, retryBackoff: must be positive");
            }
            return new PushClient(this);
        }
    }
}
