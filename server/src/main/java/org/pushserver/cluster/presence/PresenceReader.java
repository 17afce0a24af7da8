package org.pushserver.cluster.presence;

import org.pushserver.cluster.redis.RedisGateway;
import org.pushserver.cluster.redis.RedisHealth;
import org.pushserver.cluster.redis.RedisKeys;
import org.pushserver.cluster.redis.Scripts;
import org.pushserver.delivery.LocalSockets;
import org.pushserver.delivery.StoreUnavailableException;
import org.redisson.api.RScript;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * Reads the cluster's presence: which live nodes hold which tokens, and which nodes are live. One Lua round trip
 * each, and both skip nodes whose alive key expired, so a dead node stops being asked before the reaper has run.
 */
public final class PresenceReader {
    private final RedisGateway redis;
    private final RedisHealth health;
    private final RedisKeys keys;
    private final String nodeId;
    private final LocalSockets sockets;
    private final long timeoutMillis;

    public PresenceReader(RedisGateway redis, RedisHealth health, RedisKeys keys, String nodeId, LocalSockets sockets, long timeoutMillis) {
        this.redis = redis;
        this.health = health;
        this.keys = keys;
        this.nodeId = nodeId;
        this.sockets = sockets;
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * Sockets per token across the cluster: this node's own counts plus the other live nodes' fields. Fails with
     * {@link StoreUnavailableException} rather than answering a local-only guess when Redis does not answer.
     */
    public CompletableFuture<Map<String, Integer>> counts(Collection<String> tokens) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        tokens.forEach(t -> counts.put(t, sockets.count(t)));
        if (tokens.isEmpty()) {
            return CompletableFuture.completedFuture(counts);
        }
        if (!health.usable()) {
            return CompletableFuture.failedFuture(unavailable("redis is unreachable"));
        }
        return holders(List.copyOf(tokens))
                .orTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
                .handle((holders, e) -> {
                    if (e != null) {
                        throw new CompletionException(unavailable("redis: " + RedisHealth.reason(e)));
                    }
                    // this node's own field is skipped: its memory is authoritative and already counted
                    holders.forEach((token, nodes) -> nodes.forEach((node, n) -> {
                        if (!node.equals(nodeId)) {
                            counts.merge(token, n, Integer::sum);
                        }
                    }));
                    return counts;
                });
    }

    private static StoreUnavailableException unavailable(String why) {
        return new StoreUnavailableException("presence needs the cluster store, which did not answer: " + why);
    }

    /** Token → (live node → sockets there), for the tokens held by at least one live node. */
    public CompletableFuture<Map<String, Map<String, Integer>>> holders(List<String> tokens) {
        List<Object> hashKeys = new ArrayList<>(tokens.size());
        tokens.forEach(t -> hashKeys.add(keys.presence(t)));
        return redis.<List<Object>>eval(RScript.Mode.READ_ONLY, Scripts.PRESENCE, hashKeys, keys.alivePrefix())
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

    /** Ids of the registered nodes whose alive key exists. */
    public CompletableFuture<List<String>> liveNodes() {
        return redis.<List<Object>>eval(RScript.Mode.READ_ONLY, Scripts.NODES, List.of(keys.nodes()), keys.alivePrefix())
                .thenApply(result -> {
                    List<String> live = new ArrayList<>();
                    for (Object node : (List<?>) result.get(0)) {
                        live.add(String.valueOf(node));
                    }
                    return live;
                });
    }
}
