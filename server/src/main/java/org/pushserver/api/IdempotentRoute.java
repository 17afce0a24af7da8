package org.pushserver.api;

import io.netty.handler.codec.http.HttpMethod;
import org.pushserver.http.ErrorCode;
import org.pushserver.http.HttpReply;
import org.pushserver.idempotency.FirstAnswers;
import org.pushserver.metrics.PushMetrics;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A publishing route made safe to retry: a request with an {@code Idempotency-Key} header that was already answered
 * (200) within IDEMPOTENCY_WINDOW_MS gets that answer again, byte for byte, and delivers nothing; the same key with a
 * different request is {@code 409 idempotency_conflict}. Keys are per route. Without the header, the route as is.
 */
public final class IdempotentRoute implements Route {
    /** Longest key, in UTF-8 bytes. */
    static final int MAX_KEY_BYTES = 255;

    private final String path;
    private final Route route;
    private final FirstAnswers answers;
    private final PushMetrics metrics;

    public IdempotentRoute(String path, Route route, FirstAnswers answers, PushMetrics metrics) {
        this.path = path;
        this.route = route;
        this.answers = answers;
        this.metrics = metrics;
    }

    @Override
    public Set<HttpMethod> methods() {
        return route.methods();
    }

    @Override
    public boolean publishes() {
        return route.publishes();
    }

    @Override
    public CompletableFuture<HttpReply> handle(HttpCall call) {
        String header = call.header(HttpCall.IDEMPOTENCY_KEY);
        if (header == null || !call.method().equals(HttpMethod.POST)) {
            return route.handle(call);
        }
        String key = check(header);
        String scoped = path + " " + key;
        String fingerprint = fingerprint(call);
        return answers.claim(scoped, fingerprint).thenCompose(claim -> switch (claim.kind()) {
            case FIRST -> first(call, scoped, fingerprint);
            case REPLAY -> {
                metrics.idempotentReplay();
                yield CompletableFuture.completedFuture(new HttpReply(claim.answer().status(), HttpReply.JSON,
                        claim.answer().body().getBytes(StandardCharsets.UTF_8), java.util.Map.of("Idempotent-Replayed", "true")));
            }
            case CONFLICT -> throw new ApiException(ErrorCode.IDEMPOTENCY_CONFLICT);
            case IN_PROGRESS -> throw new ApiException(ErrorCode.IDEMPOTENCY_IN_PROGRESS);
        });
    }

    private CompletableFuture<HttpReply> first(HttpCall call, String key, String fingerprint) {
        CompletableFuture<HttpReply> reply;
        try {
            reply = route.handle(call);
        } catch (RuntimeException e) {
            reply = CompletableFuture.failedFuture(e);
        }
        return reply.whenComplete((r, e) -> {
            if (r != null && r.status() == 200) {
                answers.remember(key, fingerprint, new FirstAnswers.Answer(r.status(), new String(r.body(), StandardCharsets.UTF_8)));
            } else {
                answers.forget(key, fingerprint); // nothing was accepted: a retry must run again
            }
        });
    }

    private static String check(String key) {
        if (key.isBlank()) {
            throw new ApiException(ErrorCode.INVALID_FIELD, "Idempotency-Key: must not be empty");
        }
        int bytes = key.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_KEY_BYTES) {
            throw new ApiException(ErrorCode.INVALID_FIELD, "Idempotency-Key: " + bytes + " bytes, at most " + MAX_KEY_BYTES);
        }
        return key;
    }

    /** SHA-256 of the content type and body: a retry sends the same bytes. */
    private static String fingerprint(HttpCall call) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            String type = call.header("content-type");
            sha.update((type == null ? "" : type).getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(call.body());
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
