package org.pushserver.config;

import java.time.Duration;

/**
 * The Redis cluster layer; absent URL means a single node in memory.
 *
 * @param redisUrl     {@code redis://host:port}, {@code rediss://…}, or comma-separated for Sentinel/Cluster ({@code REDIS_URL})
 * @param keyPrefix    prefix of every key and topic, so deployments can share one Redis ({@code REDIS_PREFIX})
 * @param nodeTtl      a node that has not sent a heartbeat for this long is dead ({@code NODE_TTL_MS})
 * @param redisTimeout bound on every Redis call ({@code REDIS_TIMEOUT_MS})
 */
public record ClusterConfig(String redisUrl, String keyPrefix, Duration nodeTtl, Duration redisTimeout) {
    public ClusterConfig {
        if (redisUrl != null && redisUrl.isBlank()) {
            redisUrl = null;
        }
        if (redisUrl != null && !redisUrl.matches("(?i)(redis|rediss|sentinel|cluster)://.+")) {
            throw new InvalidConfigException("REDIS_URL (--redis-url): expected redis://host:port, got '" + redisUrl + "'");
        }
        Check.notBlank("REDIS_PREFIX", keyPrefix);
        Check.positive("NODE_TTL_MS", nodeTtl);
        Check.positive("REDIS_TIMEOUT_MS", redisTimeout);
        if (nodeTtl.toMillis() < 1000) {
            throw new InvalidConfigException("NODE_TTL_MS (--node-ttl-ms): at least 1000");
        }
    }

    /** True when nodes share state through Redis. */
    public boolean enabled() {
        return redisUrl != null;
    }
}
