package org.pushserver.cluster.redis;

import org.pushserver.config.ClusterConfig;
import org.pushserver.config.RedisAddress;
import org.redisson.Redisson;
import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
import org.redisson.api.RBucket;
import org.redisson.api.RFuture;
import org.redisson.api.RScript;
import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;
import org.redisson.api.redisnode.RedisNode;
import org.redisson.api.redisnode.RedisNodes;
import org.redisson.client.codec.StringCodec;
import org.redisson.connection.ConnectionListener;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * This node's Redisson client and the few ways the cluster layer calls it. Every call returns a
 * {@link CompletableFuture} that fails (never throws) and reports failures to {@link RedisHealth}, so callers only
 * deal with one failure path.
 */
public final class RedisGateway {
    private final RedissonClient redis;
    private final RedisHealth health;
    private final long timeoutMillis;
    private final RScript script;
    private final boolean cluster;
    /** Sharded pub/sub (SPUBLISH/SSUBSCRIBE) in use; null until {@link #learnPubSub} has asked the server. */
    private volatile Boolean sharded;
    private volatile Runnable onConnectionChange = () -> { };

    public RedisGateway(ClusterConfig config, String nodeId, RedisHealth health) {
        this.health = health;
        this.cluster = config.redisAddress().topology() == RedisAddress.Topology.CLUSTER;
        this.sharded = cluster ? null : Boolean.FALSE;
        this.timeoutMillis = config.redisTimeout().toMillis();
        this.redis = Redisson.create(RedisSetup.config(config, "push-server:" + nodeId, new ConnectionListener() {
            @Override
            public void onConnect(InetSocketAddress address) {
                onConnectionChange.run();
            }

            @Override
            public void onDisconnect(InetSocketAddress address) {
                onConnectionChange.run();
            }
        }));
        this.script = redis.getScript(StringCodec.INSTANCE);
    }

    /** Called on every (re)connection and disconnection, e.g. to run the heartbeat at once. */
    public void onConnectionChange(Runnable action) {
        this.onConnectionChange = action;
    }

    /**
     * A pub/sub channel: sharded on a Redis Cluster whose servers have it (7.0+), so that a message travels only to the
     * shard that owns the channel instead of to every node of the Cluster; plain pub/sub otherwise. Before
     * {@link #learnPubSub} has answered, plain.
     */
    public RTopic topic(String channel) {
        return Boolean.TRUE.equals(sharded)
                ? redis.getShardedTopic(channel, StringCodec.INSTANCE)
                : redis.getTopic(channel, StringCodec.INSTANCE);
    }

    /**
     * Decides, once, between sharded and plain pub/sub from a Cluster master's {@code redis_version}. Every node of a
     * deployment asks the same Cluster, so all of them choose alike. Fails (to be called again) while Redis is down.
     */
    public CompletableFuture<Void> learnPubSub() {
        if (sharded != null) {
            return CompletableFuture.completedFuture(null);
        }
        return call(() -> redis.getRedisNodes(RedisNodes.CLUSTER).getMasters().iterator().next()
                .infoAsync(RedisNode.InfoSection.SERVER)).thenAccept(info -> {
                    String version = info.getOrDefault("redis_version", "0");
                    sharded = Integer.parseInt(version.substring(0, Math.max(1, version.indexOf('.')))) >= 7;
                });
    }

    /** True when a publish answers how many nodes got the message, so 0 means nobody listens. */
    public boolean publishCountsReceivers() {
        // Plain PUBLISH on a Cluster counts only the subscribers of the node asked; SPUBLISH counts the whole shard's.
        return !cluster || Boolean.TRUE.equals(sharded);
    }

    /** "sharded", "plain" or "unknown yet", for the log. */
    public String pubSubKind() {
        return sharded == null ? "unknown yet" : sharded ? "sharded" : "plain";
    }

    /** A plain string value. */
    public RBucket<String> bucket(String key) {
        return redis.getBucket(key, StringCodec.INSTANCE);
    }

    /** Publishes on a channel; completes with the number of subscribers that got it. */
    public CompletableFuture<Long> publish(String channel, String text) {
        return call(() -> topic(channel).publishAsync(text));
    }

    /** A pipeline of commands; {@code atomic} runs it as MULTI/EXEC. */
    public RBatch batch(boolean atomic) {
        BatchOptions options = BatchOptions.defaults().responseTimeout(timeoutMillis, TimeUnit.MILLISECONDS).retryAttempts(1);
        return redis.createBatch(atomic ? options.executionMode(BatchOptions.ExecutionMode.IN_MEMORY_ATOMIC) : options);
    }

    public <R> CompletableFuture<R> eval(RScript.Mode mode, String lua, List<Object> keys, Object... args) {
        return eval(mode, lua, RScript.ReturnType.MULTI, keys, args);
    }

    public <R> CompletableFuture<R> eval(RScript.Mode mode, String lua, RScript.ReturnType type, List<Object> keys, Object... args) {
        return this.<R>call(() -> script.evalAsync(mode, lua, type, keys, args)).whenComplete((r, e) -> {
            if (e != null) {
                health.down("script", e);
            }
        });
    }

    /** Redisson may throw at once instead of failing the future (e.g. its lazy first connection): both become a failed future. */
    public <R> CompletableFuture<R> call(Supplier<RFuture<R>> command) {
        try {
            return command.get().toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    public void shutdown() {
        redis.shutdown(0, Math.max(1000, timeoutMillis), TimeUnit.MILLISECONDS);
    }
}
