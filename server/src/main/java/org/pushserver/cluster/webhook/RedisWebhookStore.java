package org.pushserver.cluster.webhook;

import org.pushserver.cluster.redis.RedisGateway;
import org.pushserver.cluster.redis.RedisHealth;
import org.pushserver.cluster.redis.RedisKeys;
import org.pushserver.webhook.ExpiryIndex;
import org.pushserver.webhook.PresenceTransitions;
import org.pushserver.webhook.WebhookEvents;
import org.pushserver.webhook.WebhookStore;

import java.time.Duration;
import java.util.function.LongSupplier;

/** The webhooks' state in Redis, through this node's Redis client: see {@link RedisPresenceTransitions}, {@link RedisExpiryIndex}. */
public final class RedisWebhookStore implements WebhookStore {
    private final RedisGateway redis;
    private final RedisHealth health;
    private final RedisKeys keys;
    private final String nodeId;
    private final long timeoutMillis;

    public RedisWebhookStore(RedisGateway redis, RedisHealth health, RedisKeys keys, String nodeId, long timeoutMillis) {
        this.redis = redis;
        this.health = health;
        this.keys = keys;
        this.nodeId = nodeId;
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public PresenceTransitions transitions(Duration grace, WebhookEvents events, LongSupplier clock) {
        return new RedisPresenceTransitions(redis, health, keys, nodeId, grace.toMillis(), timeoutMillis, events, clock);
    }

    @Override
    public ExpiryIndex expiryIndex(int capacity) {
        return new RedisExpiryIndex(redis, health, keys, capacity);
    }
}
