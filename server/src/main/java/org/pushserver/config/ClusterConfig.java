package org.pushserver.config;

import org.pushserver.config.check.Check;
import org.pushserver.config.check.InvalidConfigException;

import java.time.Duration;

/**
 * The Redis cluster layer; absent URL means a single node in memory.
 *
 * @param redisUrl     {@code redis://host:port}, {@code rediss://…}, {@code redis-cluster://host:port,…} or
 *                     {@code redis-sentinel://host:port,…/masterName}: see {@link RedisAddress} ({@code REDIS_URL})
 * @param keyPrefix    prefix of every key and topic, so deployments can share one Redis ({@code REDIS_PREFIX})
 * @param nodeTtl      a node that has not sent a heartbeat for this long is dead ({@code NODE_TTL_MS})
 * @param redisTimeout bound on every Redis call ({@code REDIS_TIMEOUT_MS})
 */
public record ClusterConfig(String redisUrl, String keyPrefix, Duration nodeTtl, Duration redisTimeout) {
    public ClusterConfig {
        if (redisUrl != null && redisUrl.isBlank()) {
            redisUrl = null;
        }
        if (redisUrl != null) {
            RedisAddress.parse(redisUrl); // fails at start-up, naming the key
        }
        Check.notBlank("REDIS_PREFIX", keyPrefix);
        Check.positive("NODE_TTL_MS", nodeTtl);
        Check.positive("REDIS_TIMEOUT_MS", redisTimeout);
        if (nodeTtl.toMillis() < 1000) {
            throw new InvalidConfigException("NODE_TTL_MS (--node-ttl-ms): at least 1000");
        }
    }

    /** Where Redis is and its topology; only when {@link #enabled()}. */
    public RedisAddress redisAddress() {
        return RedisAddress.parse(redisUrl);
    }

    /** True when nodes share state through Redis. */
    public boolean enabled() {
        return redisUrl != null;
    }
}
