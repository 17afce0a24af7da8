package org.pushserver.cluster;

import org.pushserver.api.ApiException;
import org.pushserver.api.ErrorCode;
import org.pushserver.config.ClusterConfig;
import org.pushserver.delivery.Broadcaster;
import org.pushserver.delivery.DeliveryReport;
import org.pushserver.delivery.LocalBroadcaster;
import org.pushserver.delivery.LocalSockets;
import org.pushserver.delivery.PushMessage;
import org.pushserver.metrics.PushMetrics;
import org.redisson.Redisson;
import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
import org.redisson.api.RFuture;
import org.redisson.api.RScript;
import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.connection.ConnectionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The cluster broadcaster: nodes share presence in Redis and hand pushes to each other over Redis pub/sub.
 *
 * <p>Every push is delivered on this node first, without Redis. Then the presence of its tokens is looked up (one
 * Lua round trip that skips dead nodes), and the push is published once to each other node that holds one of them,
 * on that node's own channel; each answers with its local report on this node's channel, and the reports are merged,
 * waiting at most REDIS_TIMEOUT_MS in all. Presence is a hash per token (node id → sockets) kept by each node with
 * absolute counts, single-flight, so writes never reorder; a heartbeat key with TTL NODE_TTL_MS says a node is alive,
 * and a reaper on the live nodes removes the fields of dead ones. Nothing here blocks the caller's thread.
 */
public final class RedisBroadcaster implements Broadcaster {
    private static final Logger log = LoggerFactory.getLogger(RedisBroadcaster.class);
    private static final int FLUSH_CHUNK = 1000;
    private static final int REAP_CHUNK = 500;

    private final ClusterConfig config;
    private final LocalSockets sockets;
    private final PushMetrics metrics;
    private final RedisKeys keys;
    private final String nodeId = UUID.randomUUID().toString();
    private final long timeoutMillis;
    private final boolean publishCountsReceivers;
    private final ScheduledThreadPoolExecutor timer;
    private final RedissonClient redis;
    private final RTopic inbox;
    private final Map<String, PendingDelivery> pending = new ConcurrentHashMap<>();
    private final Map<String, Long> seen = new ConcurrentHashMap<>();
    private final Set<String> dirty = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean flushing = new AtomicBoolean();
    private final AtomicBoolean ticking = new AtomicBoolean();
    private final AtomicBoolean reaping = new AtomicBoolean();
    private final AtomicBoolean subscribing = new AtomicBoolean();
    private volatile boolean subscribed;
    private volatile boolean up;
    private volatile boolean closed;

    private RedisBroadcaster(ClusterConfig config, LocalSockets sockets, PushMetrics metrics) {
        this.config = config;
        this.sockets = sockets;
        this.metrics = metrics;
        this.keys = new RedisKeys(config.keyPrefix());
        this.timeoutMillis = config.redisTimeout().toMillis();
        this.publishCountsReceivers = RedisSetup.topology(config.redisUrl()) != RedisSetup.Topology.CLUSTER;
        this.timer = new ScheduledThreadPoolExecutor(2, r -> {
            Thread t = new Thread(r, "push-cluster-" + nodeId.substring(0, 8));
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        this.redis = Redisson.create(RedisSetup.config(config, "push-server:" + nodeId, new Reconnect()));
        this.inbox = redis.getTopic(keys.channel(nodeId), StringCodec.INSTANCE);
    }

    /**
     * Joins the cluster: starts the Redis client, the heartbeat and the inbox. Waits up to REDIS_TIMEOUT_MS for the
     * first heartbeat; when Redis is down the node still starts (not ready) and joins as soon as Redis answers.
     */
    public static Broadcaster connect(ClusterConfig config, LocalSockets sockets, PushMetrics metrics) {
        RedisBroadcaster b = new RedisBroadcaster(config, sockets, metrics);
        b.start();
        return b;
    }

    private void start() {
        long period = Math.max(100, config.nodeTtl().toMillis() / 3);
        CompletableFuture<Void> first = tick();
        timer.scheduleAtFixedRate(this::tick, period, period, TimeUnit.MILLISECONDS);
        try {
            first.get(timeoutMillis * 2, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // reported by tick(); the node starts not ready and joins when Redis answers
        }
        log.info("cluster node {} {} (redis {}, prefix {}, node ttl {} ms, timeout {} ms)", nodeId,
                up && subscribed ? "joined" : "started while redis is unreachable; will join when it answers",
                redactedUrl(), config.keyPrefix(), config.nodeTtl().toMillis(), timeoutMillis);
    }

    /** This node's id in Redis. */
    public String nodeId() {
        return nodeId;
    }

    // ---------------------------------------------------------------- presence writes

    @Override
    public void joined(String token) {
        changed(token);
    }

    @Override
    public void left(String token) {
        changed(token);
    }

    private void changed(String token) {
        dirty.add(token);
        flush();
    }

    /** Writes the current local count of every dirty token; one batch in flight at a time, so writes never reorder. */
    private void flush() {
        if (closed || !up || dirty.isEmpty() || !flushing.compareAndSet(false, true)) {
            return;
        }
        List<String> batch = new ArrayList<>();
        for (Iterator<String> it = dirty.iterator(); it.hasNext() && batch.size() < FLUSH_CHUNK; ) {
            String token = it.next();
            it.remove();
            batch.add(token);
        }
        if (batch.isEmpty()) {
            flushing.set(false);
            return;
        }
        RBatch b = redis.createBatch(batchOptions().executionMode(BatchOptions.ExecutionMode.IN_MEMORY_ATOMIC));
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
        call(b::executeAsync).whenComplete((r, e) -> {
            flushing.set(false);
            if (e != null) {
                dirty.addAll(batch); // written again on the next heartbeat that reaches Redis
                down("presence write", e);
                return;
            }
            flush();
        });
    }

    // ---------------------------------------------------------------- heartbeat, registration, reaper

    private final class Reconnect implements ConnectionListener {
        @Override
        public void onConnect(InetSocketAddress address) {
            tickSoon();
        }

        @Override
        public void onDisconnect(InetSocketAddress address) {
            tickSoon();
        }
    }

    private void tickSoon() {
        if (!closed && !timer.isShutdown()) {
            try {
                timer.execute(this::tick);
            } catch (RuntimeException ignored) {
                // shutting down
            }
        }
    }

    /**
     * Heartbeat: refreshes this node's alive key and registers it in the node set. When the set did not hold it
     * (first start, Redis lost its data, or the node was reaped during an outage) every local token is written again.
     */
    private CompletableFuture<Void> tick() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (closed || !ticking.compareAndSet(false, true)) {
            done.complete(null);
            return done;
        }
        long now = System.currentTimeMillis();
        seen.entrySet().removeIf(e -> e.getValue() < now - Math.max(10_000, 4 * timeoutMillis));
        RBatch b = redis.createBatch(batchOptions());
        b.getBucket(keys.alive(nodeId), StringCodec.INSTANCE)
                .setAsync("{\"node\":\"" + nodeId + "\",\"since\":" + now + "}", config.nodeTtl());
        RFuture<Boolean> added = b.getSet(keys.nodes(), StringCodec.INSTANCE).addAsync(nodeId);
        call(b::executeAsync).whenComplete((r, e) -> {
            ticking.set(false);
            if (e != null) {
                down("heartbeat", e);
                done.completeExceptionally(e);
                return;
            }
            boolean registered = Boolean.TRUE.equals(added.toCompletableFuture().getNow(false));
            if (registered) {
                Set<String> local = sockets.tokens();
                dirty.addAll(local);
                log.info("cluster node {} registered; writing presence of {} local tokens", nodeId, local.size());
            }
            markUp();
            subscribe().whenComplete((s, se) -> done.complete(null));
            flush();
            reap();
        });
        return done;
    }

    private CompletableFuture<Void> subscribe() {
        if (subscribed || !subscribing.compareAndSet(false, true)) {
            return CompletableFuture.completedFuture(null);
        }
        return call(() -> inbox.addListenerAsync(String.class, (channel, message) -> received(message)))
                .handle((id, e) -> {
                    subscribing.set(false);
                    if (e != null) {
                        log.warn("cluster node {}: cannot subscribe to {} yet: {}", nodeId, keys.channel(nodeId), reason(e));
                    } else {
                        subscribed = true;
                    }
                    return null;
                });
    }

    /** Removes the presence of nodes whose alive key expired. Idempotent: several live nodes may reap at once. */
    private void reap() {
        if (closed || !reaping.compareAndSet(false, true)) {
            return;
        }
        this.<List<Object>>eval(RScript.Mode.READ_ONLY, Scripts.NODES, List.of(keys.nodes()), keys.alivePrefix())
                .thenCompose(result -> {
                    CompletableFuture<Void> all = CompletableFuture.completedFuture(null);
                    for (Object node : (List<?>) result.get(1)) {
                        String dead = String.valueOf(node);
                        all = all.thenCompose(v -> reapNode(dead, false, 0));
                    }
                    return all;
                })
                .whenComplete((v, e) -> {
                    reaping.set(false);
                    if (e != null) {
                        log.debug("reaper: {}", reason(e));
                    }
                });
    }

    private CompletableFuture<Void> reapNode(String node, boolean self, int round) {
        return this.<Long>eval(RScript.Mode.READ_WRITE, Scripts.REAP, RScript.ReturnType.INTEGER,
                        List.of(keys.alive(node), keys.nodeTokens(node), keys.nodes()),
                        node, keys.presencePrefix(), Integer.toString(REAP_CHUNK), self ? "1" : "0")
                .thenCompose(left -> {
                    if (left != null && left > 0 && round < 100_000) {
                        return reapNode(node, self, round + 1);
                    }
                    if (!self && round == 0 && left != null && left >= 0) {
                        log.info("cluster node {}: removed the presence of dead node {}", nodeId, node);
                    }
                    return CompletableFuture.completedFuture(null);
                });
    }

    private void markUp() {
        if (!up) {
            up = true;
            log.info("cluster node {}: redis answers", nodeId);
        }
    }

    private void down(String what, Throwable e) {
        if (closed) {
            return;
        }
        if (up) {
            up = false;
            log.warn("cluster node {}: redis unreachable ({} failed: {}); serving local sockets only until it answers",
                    nodeId, what, reason(e));
        }
    }

    // ---------------------------------------------------------------- delivery

    @Override
    public CompletableFuture<DeliveryReport> deliver(Collection<String> tokens, PushMessage message) {
        DeliveryReport local = LocalBroadcaster.deliverHere(sockets, tokens, message); // always first, without Redis
        PendingDelivery p = new PendingDelivery(tokens, local);
        if (!begin(p)) {
            return p.result();
        }
        String id = UUID.randomUUID().toString();
        track(id, p);
        List<String> asked = List.copyOf(tokens);
        lookup(asked).whenComplete((holders, e) -> {
            if (e != null) {
                p.storeFailed("redis: " + reason(e));
                return;
            }
            Map<String, List<String>> byNode = new LinkedHashMap<>();
            holders.forEach((token, nodes) -> nodes.keySet().stream().filter(n -> !n.equals(nodeId))
                    .forEach(n -> byNode.computeIfAbsent(n, k -> new ArrayList<>()).add(token)));
            p.expect(byNode);
            byNode.forEach((node, nodeTokens) -> send(p, node, ClusterMessage.push(id, nodeId, nodeTokens, message)));
        });
        return p.result();
    }

    @Override
    public CompletableFuture<DeliveryReport> broadcast(PushMessage message) {
        PendingDelivery p = new PendingDelivery(List.of(), DeliveryReport.of(sockets.sendToAll(message), List.of(), List.of()));
        if (!begin(p)) {
            return p.result();
        }
        String id = UUID.randomUUID().toString();
        track(id, p);
        this.<List<Object>>eval(RScript.Mode.READ_ONLY, Scripts.NODES, List.of(keys.nodes()), keys.alivePrefix())
                .whenComplete((result, e) -> {
                    if (e != null) {
                        p.storeFailed("redis: " + reason(e));
                        return;
                    }
                    Map<String, List<String>> others = new LinkedHashMap<>();
                    for (Object node : (List<?>) result.get(0)) {
                        if (!nodeId.equals(node)) {
                            others.put(String.valueOf(node), List.of());
                        }
                    }
                    p.expect(others);
                    ClusterMessage m = ClusterMessage.broadcast(id, nodeId, message);
                    others.keySet().forEach(node -> send(p, node, m));
                });
        return p.result();
    }

    /** False (and the request answered) when the cluster cannot be asked: fail fast instead of waiting. */
    private boolean begin(PendingDelivery p) {
        if (closed) {
            p.storeFailed("this node is shutting down");
            return false;
        }
        if (!up) {
            metrics.clusterMessage("sent", "failed");
            p.storeFailed("redis is unreachable");
            return false;
        }
        return true;
    }

    private void track(String id, PendingDelivery p) {
        pending.put(id, p);
        ScheduledFuture<?> deadline = timer.schedule(() -> p.expire(timeoutMillis), timeoutMillis, TimeUnit.MILLISECONDS);
        p.result().whenComplete((r, e) -> {
            pending.remove(id);
            deadline.cancel(false);
            if (r != null && !r.complete()) {
                log.debug("cluster push {} partial: {}", id, r.error());
            }
        });
    }

    private void send(PendingDelivery p, String node, ClusterMessage m) {
        call(() -> redis.getTopic(keys.channel(node), StringCodec.INSTANCE).publishAsync(m.toJson())).whenComplete((receivers, e) -> {
            if (e != null) {
                metrics.clusterMessage("sent", "failed");
                p.nodeFailed(node, "redis: " + reason(e));
                down("publish", e);
            } else if (publishCountsReceivers && receivers != null && receivers == 0) {
                metrics.clusterMessage("sent", "failed");
                p.nodeFailed(node, "node " + node + " is not listening");
            } else {
                metrics.clusterMessage("sent", "ok");
            }
        });
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
        if (closed) {
            return;
        }
        try {
            switch (m.type()) {
                case ClusterMessage.REPORT -> {
                    PendingDelivery p = pending.get(m.id());
                    if (p != null) {
                        p.reported(m.from(), m.sockets() == null ? 0 : m.sockets(), m.online());
                    }
                    metrics.clusterMessage("received", p != null ? "ok" : "late");
                }
                case ClusterMessage.PUSH, ClusterMessage.BROADCAST -> {
                    if (seen.putIfAbsent(m.id(), System.currentTimeMillis()) != null) {
                        metrics.clusterMessage("received", "duplicate"); // a retried publish: deliver once only
                        return;
                    }
                    DeliveryReport here = ClusterMessage.PUSH.equals(m.type())
                            ? LocalBroadcaster.deliverHere(sockets, m.tokens() == null ? List.of() : m.tokens(), m.message())
                            : DeliveryReport.of(sockets.sendToAll(m.message()), List.of(), List.of());
                    metrics.clusterMessage("received", "ok");
                    String report = ClusterMessage.report(m.id(), nodeId, here.sockets(), here.online()).toJson();
                    call(() -> redis.getTopic(keys.channel(m.from()), StringCodec.INSTANCE).publishAsync(report))
                            .whenComplete((n, e) -> metrics.clusterMessage("sent", e == null ? "ok" : "failed"));
                }
                default -> metrics.clusterMessage("received", "ignored");
            }
        } catch (RuntimeException e) {
            metrics.clusterMessage("received", "failed");
            log.warn("cluster node {}: cannot handle {} message {}: {}", nodeId, m.type(), m.id(), e.toString());
        }
    }

    // ---------------------------------------------------------------- presence reads

    @Override
    public CompletableFuture<Map<String, Integer>> presence(Collection<String> tokens) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        tokens.forEach(t -> counts.put(t, sockets.count(t)));
        if (tokens.isEmpty()) {
            return CompletableFuture.completedFuture(counts);
        }
        if (closed || !up) {
            return CompletableFuture.failedFuture(unavailable("redis is unreachable"));
        }
        return lookup(List.copyOf(tokens))
                .orTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
                .handle((holders, e) -> {
                    if (e != null) {
                        throw new CompletionException(unavailable("redis: " + reason(e)));
                    }
                    holders.forEach((token, nodes) -> nodes.forEach((node, n) -> {
                        if (!node.equals(nodeId)) {
                            counts.merge(token, n, Integer::sum);
                        }
                    }));
                    return counts;
                });
    }

    private static ApiException unavailable(String why) {
        return new ApiException(ErrorCode.CLUSTER_UNAVAILABLE, "presence needs the cluster store, which did not answer: " + why);
    }

    /** Token → (live node → sockets there), in one round trip. */
    private CompletableFuture<Map<String, Map<String, Integer>>> lookup(List<String> tokens) {
        List<Object> hashKeys = new ArrayList<>(tokens.size());
        tokens.forEach(t -> hashKeys.add(keys.presence(t)));
        return this.<List<Object>>eval(RScript.Mode.READ_ONLY, Scripts.PRESENCE, hashKeys, keys.alivePrefix())
                .thenApply(rows -> {
                    Map<String, Map<String, Integer>> out = new HashMap<>();
                    for (int i = 0; i < tokens.size() && i < rows.size(); i++) {
                        List<?> flat = (List<?>) rows.get(i);
                        if (flat == null || flat.isEmpty()) {
                            continue;
                        }
                        Map<String, Integer> nodes = new HashMap<>();
                        for (int j = 0; j + 1 < flat.size(); j += 2) {
                            try {
                                nodes.put(String.valueOf(flat.get(j)), Integer.parseInt(String.valueOf(flat.get(j + 1))));
                            } catch (NumberFormatException ignored) {
                                // a foreign value: not ours to read
                            }
                        }
                        out.put(tokens.get(i), nodes);
                    }
                    return out;
                });
    }

    private <R> CompletableFuture<R> eval(RScript.Mode mode, String script, List<Object> scriptKeys, Object... args) {
        return eval(mode, script, RScript.ReturnType.MULTI, scriptKeys, args);
    }

    private <R> CompletableFuture<R> eval(RScript.Mode mode, String script, RScript.ReturnType type, List<Object> scriptKeys,
                                          Object... args) {
        return this.<R>call(() -> redis.getScript(StringCodec.INSTANCE).evalAsync(mode, script, type, scriptKeys, args)).whenComplete((r, e) -> {
            if (e != null) {
                down("script", e);
            }
        });
    }

    /** Redisson may throw at once instead of failing the future (e.g. its lazy first connection): both become a failed future. */
    private <R> CompletableFuture<R> call(Supplier<RFuture<R>> command) {
        try {
            return command.get().toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private BatchOptions batchOptions() {
        return BatchOptions.defaults().responseTimeout(timeoutMillis, TimeUnit.MILLISECONDS).retryAttempts(1);
    }

    // ---------------------------------------------------------------- status, close

    @Override
    public StoreStatus status() {
        return new StoreStatus("redis", up && !closed);
    }

    /** Leaves the cluster at once: removes this node's presence and alive key, then stops the Redis client. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        timer.shutdownNow();
        pending.values().forEach(p -> p.expire(timeoutMillis));
        try {
            if (up) {
                reapNode(nodeId, true, 0).get(timeoutMillis, TimeUnit.MILLISECONDS);
                log.info("cluster node {} left: presence removed", nodeId);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("cluster node {}: could not remove its presence ({}); it expires within {} ms", nodeId,
                    reason(e), config.nodeTtl().toMillis());
        } finally {
            redis.shutdown(0, Math.max(1000, timeoutMillis), TimeUnit.MILLISECONDS);
        }
    }

    private String redactedUrl() {
        return config.redisUrl().replaceAll("//[^@/]*@", "//***@");
    }

    private static String reason(Throwable e) {
        Throwable c = e;
        while ((c instanceof CompletionException || c instanceof java.util.concurrent.ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        if (c instanceof TimeoutException) {
            return "timed out";
        }
        String m = c.getMessage();
        return c.getClass().getSimpleName() + (m == null ? "" : ": " + (m.length() > 200 ? m.substring(0, 200) + "…" : m));
    }
}
