package org.pushserver.cluster.webhook;

import org.pushserver.cluster.redis.RedisGateway;
import org.pushserver.cluster.redis.RedisKeys;
import org.redisson.api.RScript;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * The webhooks' side of a dead node ({@link DeadNodeReaper} does the broadcaster's): removes the socket counts of
 * nodes in the webhook node set whose alive key expired, a chunk per script call, so that their tokens enter the
 * offline grace. Safe on every node at once: the script does nothing for a node that is alive again.
 */
final class WebhookNodeReaper {
    private static final Logger log = LoggerFactory.getLogger(WebhookNodeReaper.class);
    private static final int CHUNK = 200;

    private final RedisGateway redis;
    private final RedisKeys keys;
    private final String nodeId;
    private final long graceMillis;
    private final LongSupplier clock;
    private final AtomicBoolean reaping = new AtomicBoolean();

    WebhookNodeReaper(RedisGateway redis, RedisKeys keys, String nodeId, long graceMillis, LongSupplier clock) {
        this.redis = redis;
        this.keys = keys;
        this.nodeId = nodeId;
        this.graceMillis = graceMillis;
        this.clock = clock;
    }

    /** Hands the counts of every node whose alive key is gone to the grace; one pass at a time. */
    void reapDead() {
        if (!reaping.compareAndSet(false, true)) {
            return;
        }
        redis.<List<Object>>eval(RScript.Mode.READ_ONLY, WebhookScripts.ALL, List.of(keys.webhookNodes()))
                .thenCompose(nodes -> {
                    CompletableFuture<Void> all = CompletableFuture.completedFuture(null);
                    for (Object node : nodes) {
                        String other = String.valueOf(node);
                        if (!other.equals(nodeId)) {
                            all = all.thenCompose(v -> redis.call(() -> redis.bucket(keys.alive(other)).isExistsAsync()))
                                    .thenCompose(alive -> alive ? CompletableFuture.completedFuture(null) : reap(other, false, 0));
                        }
                    }
                    return all;
                })
                .whenComplete((v, e) -> reaping.set(false));
    }

    /** Removes {@code node}'s counts, a chunk per script call; {@code self}: this node leaving. */
    /** This node leaves: its counts go to the grace at once, whether its alive key is there or not. */
    CompletableFuture<Void> leave() {
        return reap(nodeId, true, 0);
    }

    private CompletableFuture<Void> reap(String node, boolean self, int round) {
        return redis.<List<Object>>eval(RScript.Mode.READ_ONLY, WebhookScripts.SOME, List.of(keys.webhookNodeTokens(node)),
                        Integer.toString(CHUNK))
                .thenCompose(tokens -> {
                    List<Object> scriptKeys = new ArrayList<>(List.of(keys.alive(node), keys.webhookNodeTokens(node),
                            keys.webhookNodes(), keys.webhookLeaving()));
                    List<Object> args = new ArrayList<>(List.of(node, Long.toString(clock.getAsLong() + graceMillis), self ? "1" : "0"));
                    for (Object t : tokens) {
                        scriptKeys.add(keys.webhookSockets(String.valueOf(t)));
                        scriptKeys.add(keys.webhookOnline(String.valueOf(t)));
                        args.add(String.valueOf(t));
                    }
                    return redis.<Long>eval(RScript.Mode.READ_WRITE, WebhookScripts.REAP, RScript.ReturnType.INTEGER,
                            scriptKeys, args.toArray());
                })
                .thenCompose(left -> {
                    if (left != null && left > 0 && round < 10_000) {
                        return reap(node, self, round + 1);
                    }
                    if (!self && round == 0 && left != null && left >= 0) {
                        log.info("cluster node {}: webhook presence of dead node {} handed to the offline grace", nodeId, node);
                    }
                    return CompletableFuture.completedFuture(null);
                });
    }
}
