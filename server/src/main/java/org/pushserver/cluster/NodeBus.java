package org.pushserver.cluster;

import org.pushserver.cluster.redis.RedisGateway;
import org.pushserver.cluster.redis.RedisHealth;
import org.pushserver.cluster.redis.RedisKeys;
import org.pushserver.delivery.DeliveryReport;
import org.pushserver.delivery.LocalBroadcaster;
import org.pushserver.delivery.LocalSockets;
import org.pushserver.metrics.PushMetrics;
import org.redisson.api.RTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The node-to-node messages over Redis pub/sub. Each node listens on its own channel, where both requests from other
 * nodes and the reports for its own requests arrive. Requests are handled once per id (a retried publish must not
 * deliver twice) and answered with this node's local report; reports are handed to the {@link PendingDelivery} they
 * belong to, which a deadline bounds.
 */
final class NodeBus {
    private static final Logger log = LoggerFactory.getLogger(NodeBus.class);

    private final RedisGateway redis;
    private final RedisHealth health;
    private final RedisKeys keys;
    private final String nodeId;
    private final LocalSockets sockets;
    private final PushMetrics metrics;
    private final ScheduledExecutorService timer;
    private final long timeoutMillis;
    private final Map<String, PendingDelivery> pending = new ConcurrentHashMap<>();
    private final Map<String, Long> seen = new ConcurrentHashMap<>();
    private final AtomicBoolean subscribing = new AtomicBoolean();
    private volatile boolean subscribed;

    NodeBus(RedisGateway redis, RedisHealth health, RedisKeys keys, String nodeId, LocalSockets sockets, PushMetrics metrics,
            ScheduledExecutorService timer, long timeoutMillis) {
        this.redis = redis;
        this.health = health;
        this.keys = keys;
        this.nodeId = nodeId;
        this.sockets = sockets;
        this.metrics = metrics;
        this.timer = timer;
        this.timeoutMillis = timeoutMillis;
    }

    boolean subscribed() {
        return subscribed;
    }

    /**
     * Listens on this node's channel, once, with the kind of pub/sub the server offers (sharded or plain, asked
     * first); Redisson resubscribes by itself after a reconnection or a failover.
     */
    CompletableFuture<Void> subscribe() {
        if (subscribed || !subscribing.compareAndSet(false, true)) {
            return CompletableFuture.completedFuture(null);
        }
        return redis.learnPubSub()
                .thenCompose(learnt -> {
                    RTopic inbox = redis.topic(keys.channel(nodeId));
                    return redis.call(() -> inbox.addListenerAsync(String.class, (channel, message) -> received(message)));
                })
                .handle((id, e) -> {
                    subscribing.set(false);
                    if (e != null) {
                        log.warn("cluster node {}: cannot subscribe to {} yet: {}", nodeId, keys.channel(nodeId), RedisHealth.reason(e));
                    } else {
                        subscribed = true;
                        log.info("cluster node {}: listening on {} ({} pub/sub)", nodeId, keys.channel(nodeId), redis.pubSubKind());
                    }
                    return null;
                });
    }

    /** Registers a request under a new id until it completes or its deadline passes; returns the id. */
    String track(PendingDelivery p) {
        String id = UUID.randomUUID().toString();
        pending.put(id, p);
        ScheduledFuture<?> deadline = timer.schedule(() -> p.expire(timeoutMillis), timeoutMillis, TimeUnit.MILLISECONDS);
        p.result().whenComplete((r, e) -> {
            pending.remove(id);
            deadline.cancel(false);
            if (r != null && !r.complete()) {
                log.debug("cluster push {} partial: {}", id, r.error());
            }
        });
        return id;
    }

    /** Sends a request to {@code node}; a failed publish, or nobody listening, fails that node's part at once. */
    void send(PendingDelivery p, String node, ClusterMessage m) {
        redis.publish(keys.channel(node), m.toJson()).whenComplete((receivers, e) -> {
            if (e != null) {
                metrics.clusterMessage("sent", "failed");
                p.nodeFailed(node, "redis: " + RedisHealth.reason(e));
                health.down("publish", e);
            } else if (redis.publishCountsReceivers() && receivers != null && receivers == 0) {
                metrics.clusterMessage("sent", "failed");
                p.nodeFailed(node, "node " + node + " is not listening");
            } else {
                metrics.clusterMessage("sent", "ok");
            }
        });
    }

    /** Forgets request ids old enough that no retry of them can still arrive. */
    void forgetOldIds(long now) {
        long horizon = now - Math.max(10_000, 4 * timeoutMillis);
        seen.entrySet().removeIf(e -> e.getValue() < horizon);
    }

    /** Leaving: every request in flight is answered now with what it has. */
    void expireAll() {
        pending.values().forEach(p -> p.expire(timeoutMillis));
    }

    /** A message on this node's channel: a request from another node, or a report for one of ours. */
    private void received(String json) {
        ClusterMessage m;
        try {
            m = ClusterMessage.parse(json);
        } catch (IllegalArgumentException e) {
            metrics.clusterMessage("received", "failed");
            log.warn("cluster node {}: ignoring a message it cannot read: {}", nodeId, e.getMessage());
            return;
        }
        if (health.closed()) {
            return;
        }
        try {
            switch (m.type()) {
                case ClusterMessage.REPORT -> {
                    PendingDelivery p = pending.get(m.id());
                    if (p != null) {
                        p.reported(m.from(), m.sockets() == null ? 0 : m.sockets(), m.online(), m.awaitingAck());
                    }
                    metrics.clusterMessage("received", p != null ? "ok" : "late");
                }
                case ClusterMessage.PUSH, ClusterMessage.BROADCAST -> answer(m);
                default -> metrics.clusterMessage("received", "ignored");
            }
        } catch (RuntimeException e) {
            metrics.clusterMessage("received", "failed");
            log.warn("cluster node {}: cannot handle {} message {}: {}", nodeId, m.type(), m.id(), e.toString());
        }
    }

    /** Delivers a request here and reports to its sender. */
    private void answer(ClusterMessage m) {
        if (seen.putIfAbsent(m.id(), System.currentTimeMillis()) != null) {
            metrics.clusterMessage("received", "duplicate"); // a retried publish: deliver once only
            return;
        }
        DeliveryReport here = ClusterMessage.PUSH.equals(m.type())
                ? LocalBroadcaster.deliverHere(sockets, m.tokens() == null ? List.of() : m.tokens(), m.message())
                : DeliveryReport.of(sockets.sendToAll(m.message()), List.of(), List.of());
        metrics.clusterMessage("received", "ok");
        String report = ClusterMessage.report(m.id(), nodeId, here.sockets(), here.online(), here.awaitingAck()).toJson();
        redis.publish(keys.channel(m.from()), report)
                .whenComplete((n, e) -> metrics.clusterMessage("sent", e == null ? "ok" : "failed"));
    }
}
