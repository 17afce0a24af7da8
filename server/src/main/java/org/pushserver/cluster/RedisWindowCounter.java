package org.pushserver.cluster;

import org.pushserver.cluster.redis.RedisGateway;
import org.pushserver.cluster.redis.RedisHealth;
import org.pushserver.cluster.redis.RedisKeys;
import org.pushserver.cluster.redis.Scripts;
import org.pushserver.limits.LocalWindowCounter;
import org.pushserver.limits.WindowCounter;
import org.redisson.api.RScript;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Window counts shared by every node, one Lua call per event, so a limit holds for the cluster and a signature used
 * on one node is refused on all. While Redis is unreachable it counts on this node instead: limits then hold per
 * node and replays are caught per node, which is better than refusing every publisher during an outage.
 *
 * <p>Fails fast: while {@link RedisHealth} says Redis is down it does not ask Redis at all (a request would otherwise
 * wait out Redisson's timeout and its retry, two REDIS_TIMEOUT_MS, on every publish). The call that finds the outage
 * waits at most one REDIS_TIMEOUT_MS and marks Redis down; the next heartbeat that gets through marks it up again.
 */
final class RedisWindowCounter implements WindowCounter {
    private static final Logger log = LoggerFactory.getLogger(RedisWindowCounter.class);

    private final RedisGateway redis;
    private final RedisHealth health;
    private final RedisKeys keys;
    private final long timeoutMillis;
    private final LocalWindowCounter fallback = new LocalWindowCounter();

    RedisWindowCounter(RedisGateway redis, RedisHealth health, RedisKeys keys, long timeoutMillis) {
        this.redis = redis;
        this.health = health;
        this.keys = keys;
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public CompletableFuture<Hit> hit(String key, Duration window) {
        if (!health.usable()) {
            return CompletableFuture.completedFuture(fallback.hitNow(key, window));
        }
        return redis.<List<Long>>eval(RScript.Mode.READ_WRITE, Scripts.WINDOW_HIT, List.of(keys.window(key)), String.valueOf(window.toMillis()))
                .orTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
                .thenApply(r -> new Hit(r.get(0), r.get(1)))
                .exceptionally(e -> {
                    health.down("window count", e);
                    log.debug("window count in Redis failed, counting locally: {}", RedisHealth.reason(e));
                    return fallback.hitNow(key, window);
                });
    }
}
