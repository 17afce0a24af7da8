package org.pushserver.cluster;

import org.pushserver.cluster.redis.RedisGateway;
import org.pushserver.cluster.redis.RedisHealth;
import org.pushserver.cluster.redis.RedisKeys;
import org.pushserver.cluster.redis.Scripts;
import org.redisson.api.RScript;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Removes the presence of nodes whose alive key expired, and this node's own presence when it leaves. Idempotent and
 * safe to run on every node at once: the script does nothing for a node that is alive again.
 */
final class DeadNodeReaper {
    private static final Logger log = LoggerFactory.getLogger(DeadNodeReaper.class);
    /** Tokens cleaned per script call, so one dead node with many tokens never blocks Redis for long. */
    private static final int CHUNK = 500;

    private final RedisGateway redis;
    private final RedisHealth health;
    private final RedisKeys keys;
    private final String nodeId;
    private final AtomicBoolean reaping = new AtomicBoolean();

    DeadNodeReaper(RedisGateway redis, RedisHealth health, RedisKeys keys, String nodeId) {
        this.redis = redis;
        this.health = health;
        this.keys = keys;
        this.nodeId = nodeId;
    }

    /** Reaps every registered node whose alive key is gone; one pass at a time. */
    void reapDead() {
        if (health.closed() || !reaping.compareAndSet(false, true)) {
            return;
        }
        redis.<List<Object>>eval(RScript.Mode.READ_ONLY, Scripts.NODES, List.of(keys.nodes()), keys.alivePrefix())
                .thenCompose(result -> {
                    CompletableFuture<Void> all = CompletableFuture.completedFuture(null);
                    for (Object node : (List<?>) result.get(1)) {
                        String dead = String.valueOf(node);
                        all = all.thenCompose(v -> reap(dead, false, 0));
                    }
                    return all;
                })
                .whenComplete((v, e) -> {
                    reaping.set(false);
                    if (e != null) {
                        log.debug("reaper: {}", RedisHealth.reason(e));
                    }
                });
    }

    /** This node leaves: its alive key, node-set entry, fields and token set go at once. */
    CompletableFuture<Void> leave() {
        return reap(nodeId, true, 0);
    }

    private CompletableFuture<Void> reap(String node, boolean self, int round) {
        return redis.<Long>eval(RScript.Mode.READ_WRITE, Scripts.REAP, RScript.ReturnType.INTEGER,
                        List.of(keys.alive(node), keys.nodeTokens(node), keys.nodes()),
                        node, keys.presencePrefix(), Integer.toString(CHUNK), self ? "1" : "0")
                .thenCompose(left -> {
                    if (left != null && left > 0 && round < 100_000) {
                        return reap(node, self, round + 1);
                    }
                    if (!self && round == 0 && left != null && left >= 0) {
                        log.info("cluster node {}: removed the presence of dead node {}", nodeId, node);
                    }
                    return CompletableFuture.completedFuture(null);
                });
    }
}
