package org.pushserver.cluster.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.pushserver.cluster.redis.RedisGateway;
import org.pushserver.cluster.redis.RedisHealth;
import org.pushserver.cluster.redis.RedisKeys;
import org.pushserver.webhook.ExpiryIndex;
import org.redisson.api.RScript;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The {@link ExpiryIndex} of a cluster: a sorted set of entries by when they are due; a script takes the due ones
 * out and returns them, so each is claimed by one node only. At most {@code capacity} entries.
 */
final class RedisExpiryIndex implements ExpiryIndex {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RedisGateway redis;
    private final RedisHealth health;
    private final RedisKeys keys;
    private final int capacity;

    RedisExpiryIndex(RedisGateway redis, RedisHealth health, RedisKeys keys, int capacity) {
        this.redis = redis;
        this.health = health;
        this.keys = keys;
        this.capacity = capacity;
    }

    @Override
    public CompletableFuture<Boolean> track(Entry entry) {
        if (!health.usable()) {
            return CompletableFuture.completedFuture(false);
        }
        String member;
        try {
            member = JSON.writeValueAsString(new String[] {entry.messageId(), entry.tokenId(), entry.entityType()});
        } catch (JsonProcessingException e) {
            return CompletableFuture.failedFuture(e);
        }
        return redis.<Long>eval(RScript.Mode.READ_WRITE, WebhookScripts.TRACK, RScript.ReturnType.INTEGER,
                List.of(keys.webhookExpiries()), member, Long.toString(entry.dueMillis()), Integer.toString(capacity))
                .thenApply(added -> added != null && added == 1);
    }

    @Override
    public CompletableFuture<List<Entry>> claimDue(long nowMillis, int limit) {
        if (!health.usable()) {
            return CompletableFuture.completedFuture(List.of());
        }
        return redis.<List<Object>>eval(RScript.Mode.READ_WRITE, WebhookScripts.CLAIM_DUE, List.of(keys.webhookExpiries()),
                Long.toString(nowMillis), Integer.toString(limit)).thenApply(members -> {
                    List<Entry> out = new ArrayList<>(members.size());
                    for (Object m : members) {
                        try {
                            String[] f = JSON.readValue(String.valueOf(m), String[].class);
                            out.add(new Entry(f[0], f[1], f[2], nowMillis));
                        } catch (JsonProcessingException e) {
                            // not one of ours: taken out and skipped
                        }
                    }
                    return out;
                });
    }
}
