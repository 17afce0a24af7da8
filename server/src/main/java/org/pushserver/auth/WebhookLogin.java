package org.pushserver.auth;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import org.pushserver.config.LoginConfig;
import org.pushserver.metrics.PushMetrics;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * {@code LOGIN_AUTH=webhook}: the backend says whether a credential is valid and which user it names.
 *
 * <p>The contract: the server POSTs {@code {"tokenId": "<credential>"}} ({@code Content-Type: application/json}) to
 * {@code LOGIN_WEBHOOK_URL}, and waits at most {@code LOGIN_WEBHOOK_TIMEOUT_MS} for the whole answer.
 * <ul>
 *   <li>{@code 200 {"valid": true, "room": "user-17"}}: accepted; the socket joins {@code room} (a string or an
 *       integral number, normalised by the {@code delivery.Token} rules). A valid answer without a usable room is a
 *       bad answer (below): the server never guesses whose room a credential opens.</li>
 *   <li>{@code 200 {"valid": false, "reason": "..."}}, or {@code 401}/{@code 403} (with or without such a body):
 *       refused, with the backend's reason (one line, at most 200 characters) or "token refused".</li>
 *   <li>Anything else (no answer in time, connection refused, any other status, redirects included, a body that is
 *       not such a JSON object, {@code valid} not a boolean, over 64 KB): refused with "login service unavailable"
 *       (fail closed), one WARN line, counted as {@code error} or {@code timeout}.</li>
 * </ul>
 * Accepted and refused answers are reused for {@code LOGIN_CACHE_MS} (0 = not reused); failures never are. Concurrent
 * logins with one credential share one call. The cache is bounded (about 100k typical tokens, fewer long ones).
 */
public final class WebhookLogin implements LoginVerifier {
    /** Cache weight: roughly bytes (a credential's characters plus an entry's overhead); ~100k tokens of 60 characters. */
    static final long MAX_CACHE_WEIGHT = 100_000L * 260;
    private static final int ENTRY_OVERHEAD = 200;

    private final WebhookCall webhook;
    private final AsyncCache<String, WebhookCall.Answer> answers;
    private final PushMetrics metrics;

    public WebhookLogin(LoginConfig config, PushMetrics metrics) {
        this.webhook = new WebhookCall(Objects.requireNonNull(config.webhookUrl(), "LOGIN_WEBHOOK_URL"),
                config.webhookTimeout(), metrics);
        this.metrics = metrics;
        Duration ttl = config.cacheTtl();
        // A call in flight is shared by every login with that credential; once answered, the entry lives for the TTL,
        // or not at all for a failure (and for every answer when the TTL is 0).
        this.answers = Caffeine.newBuilder()
                .maximumWeight(MAX_CACHE_WEIGHT)
                .weigher((String credential, WebhookCall.Answer answer) -> credential.length() + ENTRY_OVERHEAD)
                .expireAfter(Expiry.creating((String credential, WebhookCall.Answer answer) ->
                        answer.cacheable() ? ttl : Duration.ZERO))
                .buildAsync();
    }

    @Override
    public CompletableFuture<LoginVerdict> verify(String credential) {
        boolean[] called = {false}; // the cache runs the function in this thread, only when it has nothing for the token
        CompletableFuture<WebhookCall.Answer> answer = answers.get(credential, (token, executor) -> {
            called[0] = true;
            return webhook.call(token);
        });
        if (!called[0]) {
            metrics.loginCacheHit();
        }
        return answer.thenApply(WebhookCall.Answer::verdict); // a copy: a caller cannot complete or cancel the shared one
    }
}
