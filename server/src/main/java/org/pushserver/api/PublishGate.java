package org.pushserver.api;

import io.netty.handler.codec.http.HttpHeaderNames;
import org.pushserver.auth.ApiKeys;
import org.pushserver.auth.RequestSignature;
import org.pushserver.http.ErrorCode;
import org.pushserver.limits.WindowCounter;
import org.pushserver.metrics.PushMetrics;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Who gets past the router to a route: browsers only from allowed origins; publishers with a bearer API key or a
 * signed request (never the same signature twice), within their key's rate; operational routes with an ops key
 * when OPS_KEYS is set. Each refusal is an {@link ApiException} with its own code, counted by reason.
 */
public final class PublishGate {
    private static final Duration SECOND = Duration.ofSeconds(1);

    /** The limits this gate applies. */
    public record Limits(int pushesPerSecondPerKey) {
    }

    private final ApiKeys apiKeys;
    private final RequestSignature signatures;
    private final ApiKeys opsKeys;
    private final WindowCounter counter;
    private final Limits limits;
    private final Cors cors;
    private final PushMetrics metrics;

    public PublishGate(ApiKeys apiKeys, RequestSignature signatures, ApiKeys opsKeys, WindowCounter counter, Limits limits,
                Cors cors, PushMetrics metrics) {
        this.apiKeys = apiKeys;
        this.signatures = signatures;
        this.opsKeys = opsKeys;
        this.counter = counter;
        this.limits = limits;
        this.cors = cors;
        this.metrics = metrics;
    }

    /** Completes when {@code call} may reach {@code route}; fails with the {@link ApiException} to answer otherwise. */
    public CompletableFuture<Void> admit(Route route, HttpCall call) {
        if (route.operational() && opsKeys.size() > 0
                && opsKeys.verify(call.header(HttpHeaderNames.AUTHORIZATION), call.remote()).verdict() != ApiKeys.Verdict.ALLOWED) {
            throw refuse(ErrorCode.OPS_KEY_REQUIRED, "ops_key");
        }
        if (!route.publishes()) {
            return CompletableFuture.completedFuture(null);
        }
        if (!cors.allows(call.header(HttpHeaderNames.ORIGIN))) { // a page elsewhere must not make a browser publish
            throw refuse(ErrorCode.ORIGIN_NOT_ALLOWED, "origin");
        }
        if (call.header(HttpCall.SIGNATURE) != null && !apiKeys.protectedMode()) {
            RequestSignature.Result signed = signatures.verify(call.header(HttpCall.TIMESTAMP), call.header(HttpCall.SIGNATURE),
                    call.body(), System.currentTimeMillis());
            switch (signed.verdict()) {
                case VALID -> { }
                case MALFORMED, WRONG -> throw refuse(ErrorCode.INVALID_SIGNATURE, "signature");
                case STALE -> throw refuse(ErrorCode.STALE_TIMESTAMP, "timestamp");
            }
            // Remembered only while its timestamp is accepted: memory (here or in Redis) is rate × HMAC_MAX_SKEW_MS.
            return counter.hit("signature:" + signed.signature(), signed.remember()).thenCompose(hit -> {
                if (hit.count() > 1) {
                    throw refuse(ErrorCode.REPLAYED_REQUEST, "replay");
                }
                return withinRate(signed.keyId());
            });
        }
        ApiKeys.Result bearer = apiKeys.verify(call.header(HttpHeaderNames.AUTHORIZATION), call.remote());
        return switch (bearer.verdict()) {
            case ALLOWED -> withinRate(bearer.keyId());
            case NOT_LOOPBACK -> throw refuse(ErrorCode.FORBIDDEN, "not_loopback");
            case MISSING_KEY -> throw refuse(ErrorCode.UNAUTHORIZED, "missing_key");
            case WRONG_KEY -> throw refuse(ErrorCode.UNAUTHORIZED, "the API key is not valid", "wrong_key");
        };
    }

    private CompletableFuture<Void> withinRate(String keyId) {
        if (limits.pushesPerSecondPerKey() == 0) {
            return CompletableFuture.completedFuture(null);
        }
        return counter.hit("rate:" + keyId, SECOND).thenAccept(hit -> {
            if (hit.count() > limits.pushesPerSecondPerKey()) {
                metrics.rateLimited("pushes_per_key");
                throw tooMany(hit, "more than PUSHES_PER_SECOND_PER_KEY (" + limits.pushesPerSecondPerKey()
                        + ") requests in one second with key " + keyId);
            }
        });
    }

    /** A 429 with {@code Retry-After} in whole seconds, at least 1. */
    static ApiException tooMany(WindowCounter.Hit hit, String message) {
        long seconds = Math.max(1, (hit.millisLeft() + 999) / 1000);
        return new ApiException(ErrorCode.RATE_LIMITED, message + "; retry after " + seconds + " s",
                Map.of("Retry-After", Long.toString(seconds)));
    }

    private ApiException refuse(ErrorCode code, String reason) {
        return refuse(code, code.defaultMessage(), reason);
    }

    private ApiException refuse(ErrorCode code, String message, String reason) {
        metrics.apiRefused(reason);
        return new ApiException(code, message);
    }
}
