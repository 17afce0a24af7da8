package org.pushserver.cluster.presence;

import org.pushserver.cluster.redis.RedisGateway;
import org.pushserver.cluster.redis.RedisHealth;
import org.pushserver.cluster.redis.RedisKeys;
import org.pushserver.delivery.LocalSockets;
import org.redisson.api.RBatch;
import org.redisson.client.codec.StringCodec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps this node's field in each token's presence hash equal to its local socket count. A login or logout only
 * marks the token dirty; one batch is in flight at a time and writes each dirty token's <em>current</em> count, so a
 * burst of changes collapses into one write and a late write can never undo a newer one.
 */
public final class PresenceWriter {
    /** Bounds one MULTI, so a re-registration with many tokens does not block Redis for long. */
    private static final int CHUNK = 1000;

    private final RedisGateway redis;
    private final RedisHealth health;
    private final RedisKeys keys;
    private final String nodeId;
    private final LocalSockets sockets;
    private final Set<String> dirty = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean flushing = new AtomicBoolean();

    public PresenceWriter(RedisGateway redis, RedisHealth health, RedisKeys keys, String nodeId, LocalSockets sockets) {
        this.redis = redis;
        this.health = health;
        this.keys = keys;
        this.nodeId = nodeId;
        this.sockets = sockets;
    }

    /** A local socket joined or left {@code token}. */
    public void changed(String token) {
        dirty.add(token);
        flush();
    }

    /** Marks these tokens to be written again (after a re-registration); written by the next {@link #flush()}. */
    public void rewrite(Collection<String> tokens) {
        dirty.addAll(tokens);
    }

    /** Writes the current local count of every dirty token; one batch in flight at a time, so writes never reorder. */
    public void flush() {
        if (!health.usable() || dirty.isEmpty() || !flushing.compareAndSet(false, true)) {
            return;
        }
        List<String> batch = new ArrayList<>();
        for (Iterator<String> it = dirty.iterator(); it.hasNext() && batch.size() < CHUNK; ) {
            String token = it.next();
            it.remove();
            batch.add(token);
        }
        if (batch.isEmpty()) {
            flushing.set(false);
            return;
        }
        RBatch b = redis.batch(true);
        String mine = keys.nodeTokens(nodeId);
        for (String token : batch) {
            int count = sockets.count(token); // read after leaving the dirty set: a later change marks it again
            if (count > 0) {
                b.getSet(mine, StringCodec.INSTANCE).addAsync(token); // first, so the reaper always finds the field
                b.getMap(keys.presence(token), StringCodec.INSTANCE).fastPutAsync(nodeId, Integer.toString(count));
            } else {
                b.getMap(keys.presence(token), StringCodec.INSTANCE).fastRemoveAsync(nodeId);
                b.getSet(mine, StringCodec.INSTANCE).removeAsync(token);
            }
        }
        redis.call(b::executeAsync).whenComplete((r, e) -> {
            flushing.set(false);
            if (e != null) {
                dirty.addAll(batch); // written again on the next heartbeat that reaches Redis
                health.down("presence write", e);
                return;
            }
            flush();
        });
    }
}
