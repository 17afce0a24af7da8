package org.pushserver.cluster;

import org.pushserver.limits.LocalWindowCounter;
import org.pushserver.limits.WindowCounter;
import org.redisson.api.RScript;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Window counts shared by every node, one Lua call per event, so a limit holds for the cluster and a signature used
 * on one node is refused on all. While Redis is unreachable it counts on this node instead: limits then hold per
 * node and replays are caught per node, which is better than refusing every publisher during an outage.
 */
final class RedisWindowCounter implements WindowCounter {
    private static final Logger log = LoggerFactory.getLogger(RedisWindowCounter.class);

    private final RedisGateway redis;
    private final RedisKeys keys;
    private final LocalWindowCounter fallback = new LocalWindowCounter();

    RedisWindowCounter(RedisGateway redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    @Override
    public CompletableFuture<Hit> hit(String key, Duration window) {
        return redis.<List<Long>>eval(RScript.Mode.READ_WRITE, Scripts.WINDOW_HIT, List.of(keys.window(key)), String.valueOf(window.toMillis()))
                .thenApply(r -> new Hit(r.get(0), r.get(1)))
                .exceptionally(e -> {
                    log.debug("window count in Redis failed, counting locally: {}", e.toString());
                    return fallback.hitNow(key, window);
                });
    }
}
