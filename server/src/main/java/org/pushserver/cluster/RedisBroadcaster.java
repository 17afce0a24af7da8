package org.pushserver.cluster;

import org.pushserver.cluster.devices.RedisDevices;
import org.pushserver.cluster.history.RedisHistory;
import org.pushserver.cluster.presence.PresenceReader;
import org.pushserver.cluster.presence.PresenceWriter;
import org.pushserver.cluster.redis.RedisGateway;
import org.pushserver.cluster.redis.RedisHealth;
import org.pushserver.cluster.redis.RedisKeys;
import org.pushserver.cluster.webhook.RedisWebhookStore;
import org.pushserver.config.ClusterConfig;
import org.pushserver.config.HistoryConfig;
import org.pushserver.config.RecoveryConfig;
import org.pushserver.delivery.Broadcaster;
import org.pushserver.delivery.DeliveryReport;
import org.pushserver.delivery.LocalBroadcaster;
import org.pushserver.delivery.LocalSockets;
import org.pushserver.delivery.PushMessage;
import org.pushserver.history.MessageLog;
import org.pushserver.idempotency.FirstAnswers;
import org.pushserver.limits.WindowCounter;
import org.pushserver.metrics.PushMetrics;
import org.pushserver.mobile.DeviceRegistry;
import org.pushserver.recovery.SavedSessions;
import org.pushserver.webhook.WebhookStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The cluster broadcaster: nodes share presence in Redis and hand pushes to each other over Redis pub/sub.
 *
 * <p>Every push is delivered on this node first, without Redis. Then the presence of its tokens is looked up, and the
 * push is published once to each other node that holds one of them; their reports are merged, waiting at most
 * REDIS_TIMEOUT_MS in all. This class only wires the parts and routes the {@link Broadcaster} calls: presence writes
 * ({@link PresenceWriter}), presence reads ({@link PresenceReader}), the messages between nodes ({@link NodeBus}),
 * the heartbeat ({@link NodeLiveness}) and the reaper ({@link DeadNodeReaper}). Nothing here blocks the caller.
 */
public final class RedisBroadcaster implements Broadcaster {
    private static final Logger log = LoggerFactory.getLogger(RedisBroadcaster.class);

    private final ClusterConfig config;
    private final LocalSockets sockets;
    private final PushMetrics metrics;
    private final String nodeId = UUID.randomUUID().toString();
    private final long timeoutMillis;
    private final ScheduledThreadPoolExecutor timer;
    private final RedisHealth health;
    private final RedisGateway redis;
    private final PresenceWriter writer;
    private final PresenceReader reader;
    private final NodeBus bus;
    private final DeadNodeReaper reaper;
    private final NodeLiveness liveness;
    private final RedisWindowCounter windowCounter;
    private final RedisKeys keys;

    private RedisBroadcaster(ClusterConfig config, LocalSockets sockets, PushMetrics metrics) {
        this.config = config;
        this.sockets = sockets;
        this.metrics = metrics;
        this.timeoutMillis = config.redisTimeout().toMillis();
        this.timer = new ScheduledThreadPoolExecutor(2, r -> {
            Thread t = new Thread(r, "push-cluster-" + nodeId.substring(0, 8));
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true); // deadlines are cancelled by the thousand: do not keep them queued
        this.keys = new RedisKeys(config.keyPrefix());
        this.health = new RedisHealth(nodeId);
        this.redis = new RedisGateway(config, nodeId, health);
        this.writer = new PresenceWriter(redis, health, keys, nodeId, sockets);
        this.reader = new PresenceReader(redis, health, keys, nodeId, sockets, timeoutMillis);
        this.bus = new NodeBus(redis, health, keys, nodeId, sockets, metrics, timer, timeoutMillis);
        this.reaper = new DeadNodeReaper(redis, health, keys, nodeId);
        this.liveness = new NodeLiveness(redis, health, keys, nodeId, config.nodeTtl(), sockets, writer, bus, reaper, timer);
        this.windowCounter = new RedisWindowCounter(redis, health, keys, timeoutMillis);
        redis.onConnectionChange(liveness::tickSoon);
    }

    /**
     * Joins the cluster: starts the Redis client, the heartbeat and the inbox. Waits up to 2 × REDIS_TIMEOUT_MS for the
     * first heartbeat; when Redis is down the node still starts (not ready) and joins as soon as Redis answers.
     */
    public static RedisBroadcaster connect(ClusterConfig config, LocalSockets sockets, PushMetrics metrics) {
        RedisBroadcaster b = new RedisBroadcaster(config, sockets, metrics);
        b.start();
        return b;
    }

    /** Ids, history, fates and inboxes shared by the cluster, through this node's Redis client. */
    public MessageLog history(HistoryConfig historyConfig) {
        return new RedisHistory(redis, health, keys, historyConfig, metrics);
    }

    /** First answers to Idempotency-Keys shared by the cluster; {@code local} answers while Redis is unreachable. */
    public FirstAnswers firstAnswers(HistoryConfig historyConfig, FirstAnswers local, Duration waitBound) {
        return new RedisFirstAnswers(redis, health, keys, historyConfig.idempotencyWindow(), waitBound, local);
    }

    /**
     * Lost sessions shared by the cluster, so a socket.io-client 4.6+ recovers through any node; {@code local} keeps
     * them while Redis is unreachable.
     */
    public SavedSessions savedSessions(RecoveryConfig recovery, SavedSessions local) {
        return new RedisSavedSessions(redis, health, keys, recovery.window(), local);
    }

    /** Devices shared by the cluster, at most {@code maxPerToken} per token, through this node's Redis client. */
    public DeviceRegistry devices(int maxPerToken) {
        return new RedisDevices(redis, health, keys, maxPerToken);
    }

    /** The webhooks' presence transitions and expiries, decided once for the whole cluster. */
    public WebhookStore webhookStore() {
        return new RedisWebhookStore(redis, health, keys, nodeId, timeoutMillis);
    }

    /** Window counts shared by the cluster (rate limits, replay guard), through this node's Redis client. */
    public WindowCounter windowCounter() {
        return windowCounter;
    }

    private void start() {
        try {
            liveness.start().get(timeoutMillis * 2, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // reported by the heartbeat; the node starts not ready and joins when Redis answers
        }
        log.info("cluster node {} {} (redis {}, prefix {}, node ttl {} ms, timeout {} ms)", nodeId,
                health.up() && bus.subscribed() ? "joined" : "started while redis is unreachable; will join when it answers",
                config.redisUrl().replaceAll("//[^@/]*@", "//***@"), config.keyPrefix(), config.nodeTtl().toMillis(), timeoutMillis);
    }

    /** This node's id in Redis. */
    public String nodeId() {
        return nodeId;
    }

    @Override
    public void joined(String token) {
        writer.changed(token);
    }

    @Override
    public void left(String token) {
        writer.changed(token);
    }

    @Override
    public CompletableFuture<DeliveryReport> deliver(Collection<String> tokens, PushMessage message) {
        DeliveryReport local = LocalBroadcaster.deliverHere(sockets, tokens, message); // always first, without Redis
        PendingDelivery p = new PendingDelivery(tokens, local);
        if (!begin(p)) {
            return p.result();
        }
        String id = bus.track(p);
        reader.holders(List.copyOf(tokens)).whenComplete((holders, e) -> {
            if (e != null) {
                p.storeFailed("redis: " + RedisHealth.reason(e));
                return;
            }
            // one message per other node, naming only the tokens it holds
            Map<String, List<String>> byNode = new LinkedHashMap<>();
            holders.forEach((token, nodes) -> nodes.keySet().stream().filter(n -> !n.equals(nodeId))
                    .forEach(n -> byNode.computeIfAbsent(n, k -> new ArrayList<>()).add(token)));
            p.expect(byNode);
            byNode.forEach((node, nodeTokens) -> bus.send(p, node, ClusterMessage.push(id, nodeId, nodeTokens, message)));
        });
        return p.result();
    }

    @Override
    public CompletableFuture<DeliveryReport> broadcast(PushMessage message) {
        PendingDelivery p = new PendingDelivery(List.of(), DeliveryReport.of(sockets.sendToAll(message), List.of(), List.of()));
        if (!begin(p)) {
            return p.result();
        }
        String id = bus.track(p);
        reader.liveNodes().whenComplete((live, e) -> {
            if (e != null) {
                p.storeFailed("redis: " + RedisHealth.reason(e));
                return;
            }
            Map<String, List<String>> others = new LinkedHashMap<>();
            live.stream().filter(n -> !n.equals(nodeId)).forEach(n -> others.put(n, List.of()));
            p.expect(others);
            ClusterMessage m = ClusterMessage.broadcast(id, nodeId, message);
            others.keySet().forEach(node -> bus.send(p, node, m));
        });
        return p.result();
    }

    /** False (and the request answered) when the cluster cannot be asked: fail fast instead of waiting. */
    private boolean begin(PendingDelivery p) {
        if (health.closed()) {
            p.storeFailed("this node is shutting down");
            return false;
        }
        if (!health.up()) {
            metrics.clusterMessage("sent", "failed");
            p.storeFailed("redis is unreachable");
            return false;
        }
        return true;
    }

    @Override
    public CompletableFuture<Map<String, Integer>> presence(Collection<String> tokens) {
        return reader.counts(tokens);
    }

    @Override
    public StoreStatus status() {
        return new StoreStatus("redis", health.usable());
    }

    /** Leaves the cluster at once: removes this node's presence and alive key, then stops the Redis client. */
    @Override
    public void close() {
        if (health.closed()) {
            return;
        }
        health.markClosed();
        timer.shutdownNow();
        bus.expireAll();
        try {
            if (health.up()) {
                reaper.leave().get(timeoutMillis, TimeUnit.MILLISECONDS);
                log.info("cluster node {} left: presence removed", nodeId);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("cluster node {}: could not remove its presence ({}); it expires within {} ms", nodeId,
                    RedisHealth.reason(e), config.nodeTtl().toMillis());
        } finally {
            redis.shutdown();
        }
    }
}
