package org.pushserver.cluster.webhook;

import org.pushserver.cluster.redis.RedisGateway;
import org.pushserver.cluster.redis.RedisHealth;
import org.pushserver.cluster.redis.RedisKeys;
import org.pushserver.webhook.PresenceTransitions;
import org.pushserver.webhook.WebhookEvent;
import org.pushserver.webhook.WebhookEvents;
import org.redisson.api.RScript;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * {@code token_online}/{@code token_offline} for a cluster. Each node writes its socket count per token into the
 * token's hash, in the order the counts changed (one write in flight at a time); the script that writes flips the
 * token's online flag, and only the node whose write flipped it emits {@code token_online}. A token left with no
 * socket on any node enters the leaving set with its grace's end; every node's {@link #tick()} claims the due ones
 * in a script that re-checks, and only the claimer emits {@code token_offline}. A dead node's counts are removed
 * once its alive key ({@link NodeLiveness}) is gone, which starts their grace ({@link WebhookNodeReaper}). This node's own state is in
 * {@link RedisKeys}' {@code webhook*} keys only; it never touches the broadcaster's presence.
 */
final class RedisPresenceTransitions implements PresenceTransitions {
    private static final Logger log = LoggerFactory.getLogger(RedisPresenceTransitions.class);
    private static final int CHUNK = 200;
    /** Beyond this many unwritten changes (Redis away), only each token's last count is kept. */
    private static final int MAX_PENDING = 100_000;

    private final RedisGateway redis;
    private final RedisHealth health;
    private final RedisKeys keys;
    private final String nodeId;
    private final long graceMillis;
    private final long timeoutMillis;
    private final WebhookEvents events;
    private final LongSupplier clock;
    private final WebhookNodeReaper reaper;
    private final WebhookOfflineClaims claims;
    private final Map<String, Integer> local = new HashMap<>(); // guarded by this: tokens with sockets here
    private final ArrayDeque<Change> pending = new ArrayDeque<>(); // guarded by this: counts not written yet, in order
    private boolean closed; // guarded by this
    private int compactAt = MAX_PENDING; // guarded by this: doubles with what is left, so compacting stays rare
    private final AtomicBoolean writing = new AtomicBoolean();

    private record Change(String token, int count) {
    }

    RedisPresenceTransitions(RedisGateway redis, RedisHealth health, RedisKeys keys, String nodeId, long graceMillis,
                             long timeoutMillis, WebhookEvents events, LongSupplier clock) {
        this.redis = redis;
        this.health = health;
        this.keys = keys;
        this.nodeId = nodeId;
        this.graceMillis = graceMillis;
        this.timeoutMillis = timeoutMillis;
        this.events = events;
        this.clock = clock;
        this.reaper = new WebhookNodeReaper(redis, keys, nodeId, graceMillis, clock);
        this.claims = new WebhookOfflineClaims(redis, keys, events, clock);
    }

    @Override
    public void joined(String token) {
        synchronized (this) {
            if (closed) {
                return;
            }
            int n = local.merge(token, 1, Integer::sum);
            changed(token, n);
        }
        write();
    }

    @Override
    public void left(String token) {
        synchronized (this) {
            Integer n = local.get(token);
            if (closed || n == null) {
                return;
            }
            if (n > 1) {
                local.put(token, n - 1);
            } else {
                local.remove(token);
            }
            changed(token, n - 1);
        }
        write();
    }

    private void changed(String token, int count) { // under the lock
        pending.addLast(new Change(token, count));
        if (pending.size() > compactAt) { // keep each token's last count, in the order of its last change
            Map<String, Change> last = new LinkedHashMap<>();
            for (Change c : pending) {
                last.remove(c.token());
                last.put(c.token(), c);
            }
            pending.clear();
            pending.addAll(last.values());
            compactAt = Math.max(MAX_PENDING, 2 * pending.size());
        }
    }

    private void write() {
        if (!health.usable() || !writing.compareAndSet(false, true)) {
            return;
        }
        List<Change> batch = new ArrayList<>();
        synchronized (this) {
            while (batch.size() < CHUNK && !pending.isEmpty()) {
                batch.add(pending.removeFirst());
            }
        }
        if (batch.isEmpty()) {
            writing.set(false);
            synchronized (this) {
                if (pending.isEmpty()) {
                    return;
                }
            }
            write(); // a change came between the two looks
            return;
        }
        List<Object> scriptKeys = new ArrayList<>(List.of(keys.webhookLeaving(), keys.webhookNodeTokens(nodeId), keys.webhookNodes()));
        List<Object> args = new ArrayList<>(List.of(nodeId, Long.toString(clock.getAsLong() + graceMillis)));
        for (Change c : batch) {
            scriptKeys.add(keys.webhookSockets(c.token()));
            scriptKeys.add(keys.webhookOnline(c.token()));
            args.add(c.token());
            args.add(Integer.toString(c.count()));
        }
        redis.<List<Object>>eval(RScript.Mode.READ_WRITE, WebhookScripts.WRITE, scriptKeys, args.toArray())
                .whenComplete((result, e) -> {
                    if (e != null) {
                        synchronized (this) { // back to the front, in order: written when Redis answers again
                            for (int i = batch.size() - 1; i >= 0; i--) {
                                pending.addFirst(batch.get(i));
                            }
                        }
                        writing.set(false);
                        return;
                    }
                    long now = clock.getAsLong();
                    for (Object token : (List<?>) result.get(1)) {
                        events.emit(WebhookEvent.online(String.valueOf(token), now));
                    }
                    writing.set(false);
                    registered(result.get(0));
                    write();
                });
    }

    /** When this node was not in the node set (first write, or it was reaped while cut off), all its counts again. */
    private void registered(Object added) {
        if (!Long.valueOf(1).equals(added)) {
            return;
        }
        synchronized (this) {
            local.forEach(this::changed);
        }
    }

    @Override
    public void tick() {
        synchronized (this) {
            if (closed) {
                return;
            }
        }
        if (!health.usable()) {
            return;
        }
        write();
        redis.<Long>eval(RScript.Mode.READ_WRITE, WebhookScripts.REGISTER, RScript.ReturnType.INTEGER,
                List.of(keys.webhookNodes()), nodeId).thenAccept(added -> {
                    registered(added);
                    write();
                });
        reaper.reapDead();
        claims.claimDue();
    }

    /** This node's sockets are handed to the grace at once: another node emits their offline unless they come back. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            local.clear();
            pending.clear();
        }
        if (!health.usable()) {
            return; // its counts go when the others find it dead
        }
        try {
            reaper.leave().get(timeoutMillis * 2, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("cluster node {}: webhook presence not handed over ({}); the others do when it is found dead",
                    nodeId, RedisHealth.reason(e));
        }
    }
}
