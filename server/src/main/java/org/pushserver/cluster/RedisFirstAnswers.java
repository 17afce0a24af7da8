package org.pushserver.cluster;

import org.pushserver.cluster.history.HistoryScripts;
import org.pushserver.cluster.redis.RedisGateway;
import org.pushserver.cluster.redis.RedisHealth;
import org.pushserver.cluster.redis.RedisKeys;
import org.pushserver.idempotency.FirstAnswers;
import org.redisson.api.RScript;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * First answers shared by the cluster. A request claims its key with {@code SET NX} and a marker that expires (so a
 * node that dies mid-request frees the key); the answer then replaces the marker for IDEMPOTENCY_WINDOW_MS. A retry
 * that finds the marker, on any node, polls until the answer is there, up to {@code waitBound}. While Redis is
 * unreachable, keys are kept on this node only ({@code local}): a retry to the same node is still answered.
 */
final class RedisFirstAnswers implements FirstAnswers {
    private static final Logger log = LoggerFactory.getLogger(RedisFirstAnswers.class);
    private static final long POLL_MS = 20;

    private final RedisGateway redis;
    private final RedisHealth health;
    private final RedisKeys keys;
    private final Duration window;
    private final Duration waitBound;
    private final FirstAnswers local;
    private final Executor poll = CompletableFuture.delayedExecutor(POLL_MS, TimeUnit.MILLISECONDS);

    RedisFirstAnswers(RedisGateway redis, RedisHealth health, RedisKeys keys, Duration window, Duration waitBound,
                      FirstAnswers local) {
        this.redis = redis;
        this.health = health;
        this.keys = keys;
        this.window = window;
        this.waitBound = waitBound;
        this.local = local;
    }

    private static String marker(String fingerprint) {
        return "p|" + fingerprint;
    }

    @Override
    public CompletableFuture<Claim> claim(String key, String fingerprint) {
        if (!health.usable()) {
            return local.claim(key, fingerprint);
        }
        return claim(key, fingerprint, System.nanoTime() + waitBound.toNanos());
    }

    private CompletableFuture<Claim> claim(String key, String fingerprint, long deadline) {
        long markerMs = Math.max(30_000, 3 * waitBound.toMillis());
        return redis.<String>eval(RScript.Mode.READ_WRITE, HistoryScripts.CLAIM, RScript.ReturnType.VALUE,
                        List.of(keys.firstAnswer(key)), marker(fingerprint), Long.toString(markerMs))
                .handle((held, e) -> {
                    if (e != null) {
                        log.debug("idempotency claim in redis failed, keeping the key on this node: {}", RedisHealth.reason(e));
                        return local.claim(key, fingerprint);
                    }
                    if (held.isEmpty()) {
                        return CompletableFuture.completedFuture(Claim.FIRST);
                    }
                    if (held.equals("-")) { // freed meanwhile: claim again
                        return claim(key, fingerprint, deadline);
                    }
                    String[] f = held.split("\\|", 4);
                    if (f.length < 2 || !f[1].equals(fingerprint)) {
                        return CompletableFuture.completedFuture(Claim.CONFLICT);
                    }
                    if (f[0].equals("d") && f.length == 4) {
                        return CompletableFuture.completedFuture(Claim.replay(new Answer(Integer.parseInt(f[2]), f[3])));
                    }
                    if (System.nanoTime() > deadline) {
                        return CompletableFuture.completedFuture(Claim.IN_PROGRESS);
                    }
                    return CompletableFuture.supplyAsync(() -> null, poll).thenCompose(x -> claim(key, fingerprint, deadline));
                })
                .thenCompose(c -> c);
    }

    @Override
    public void remember(String key, String fingerprint, Answer answer) {
        String value = "d|" + fingerprint + "|" + answer.status() + "|" + answer.body();
        redis.call(() -> redis.bucket(keys.firstAnswer(key)).setAsync(value, window.toMillis(), TimeUnit.MILLISECONDS))
                .whenComplete((ok, e) -> {
                    if (e != null) {
                        health.down("idempotency", e);
                    }
                });
        local.remember(key, fingerprint, answer); // answers waiters on this node when the key was kept here
    }

    @Override
    public void forget(String key, String fingerprint) {
        redis.eval(RScript.Mode.READ_WRITE, HistoryScripts.RELEASE, RScript.ReturnType.INTEGER,
                List.of(keys.firstAnswer(key)), marker(fingerprint));
        local.forget(key, fingerprint);
    }
}
