package org.pushserver.cluster;

import org.pushserver.cluster.history.HistoryScripts;
import org.pushserver.cluster.presence.PresenceWriter;
import org.pushserver.cluster.redis.RedisGateway;
import org.pushserver.cluster.redis.RedisHealth;
import org.pushserver.cluster.redis.RedisKeys;
import org.pushserver.delivery.LocalSockets;
import org.redisson.api.RBatch;
import org.redisson.api.RFuture;
import org.redisson.api.RScript;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The heartbeat: keeps this node's alive key fresh and its id in the node set. It is also how the node comes back
 * after an outage: a heartbeat that gets through marks Redis up, (re)subscribes the inbox, writes pending presence and
 * runs the reaper; when the node set did not hold this node (first start, Redis lost its data, or the node was reaped
 * while cut off), or when Redis was unreachable until now (a Sentinel or Cluster failover loses the writes the old
 * master had not replicated), every local token is written again, so no client has to do anything; and the history's
 * id counter moves past the ids such a failover may have lost, so none is given twice.
 */
final class NodeLiveness {
    private static final Logger log = LoggerFactory.getLogger(NodeLiveness.class);

    private final RedisGateway redis;
    private final RedisHealth health;
    private final RedisKeys keys;
    private final String nodeId;
    private final Duration nodeTtl;
    private final LocalSockets sockets;
    private final PresenceWriter writer;
    private final NodeBus bus;
    private final DeadNodeReaper reaper;
    private final ScheduledExecutorService timer;
    private final AtomicBoolean ticking = new AtomicBoolean();
    /** A heartbeat has got through once: a later markUp is a return from an outage, not the first contact. */
    private volatile boolean joined;

    NodeLiveness(RedisGateway redis, RedisHealth health, RedisKeys keys, String nodeId, Duration nodeTtl, LocalSockets sockets,
                 PresenceWriter writer, NodeBus bus, DeadNodeReaper reaper, ScheduledExecutorService timer) {
        this.redis = redis;
        this.health = health;
        this.keys = keys;
        this.nodeId = nodeId;
        this.nodeTtl = nodeTtl;
        this.sockets = sockets;
        this.writer = writer;
        this.bus = bus;
        this.reaper = reaper;
        this.timer = timer;
    }

    /** Starts the periodic heartbeat (every NODE_TTL_MS/3, so two may fail before the key expires); returns the first. */
    CompletableFuture<Void> start() {
        long period = Math.max(100, nodeTtl.toMillis() / 3);
        CompletableFuture<Void> first = tick();
        timer.scheduleAtFixedRate(this::tick, period, period, TimeUnit.MILLISECONDS);
        return first;
    }

    /** A heartbeat now rather than at the next period, e.g. when Redisson reconnected. */
    void tickSoon() {
        if (!health.closed() && !timer.isShutdown()) {
            try {
                timer.execute(this::tick);
            } catch (RuntimeException ignored) {
                // shutting down
            }
        }
    }

    private CompletableFuture<Void> tick() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (health.closed() || !ticking.compareAndSet(false, true)) {
            done.complete(null);
            return done;
        }
        long now = System.currentTimeMillis();
        bus.forgetOldIds(now);
        RBatch b = redis.batch(false);
        b.getBucket(keys.alive(nodeId), StringCodec.INSTANCE)
                .setAsync("{\"node\":\"" + nodeId + "\",\"since\":" + now + "}", nodeTtl);
        RFuture<Boolean> added = b.getSet(keys.nodes(), StringCodec.INSTANCE).addAsync(nodeId);
        redis.call(b::executeAsync).whenComplete((r, e) -> {
            ticking.set(false);
            if (e != null) {
                health.down("heartbeat", e);
                done.completeExceptionally(e);
                return;
            }
            boolean registered = Boolean.TRUE.equals(added.toCompletableFuture().getNow(false));
            // Back from an outage, which may have been a failover: writes the old master acknowledged but had not
            // yet replicated are gone, and nothing says which, so the id counter moves past any id it may have
            // given, and every local token is written again.
            boolean back = health.markUp() && joined;
            joined = true;
            if (back) {
                redis.eval(RScript.Mode.READ_WRITE, HistoryScripts.SKIP_LOST_IDS, RScript.ReturnType.INTEGER,
                        List.of(keys.historyMeta()), Long.toString(HistoryScripts.LOST_IDS_MARGIN));
            }
            if (registered || back) {
                Set<String> local = sockets.tokens();
                writer.rewrite(local);
                log.info("cluster node {} {}; writing presence of {} local tokens", nodeId,
                        registered ? "registered" : "reaches redis again", local.size());
            }
            bus.subscribe().whenComplete((s, se) -> done.complete(null));
            writer.flush();
            reaper.reapDead();
        });
        return done;
    }
}
