package org.pushserver.cluster;

import org.pushserver.config.ClusterConfig;
import org.redisson.Redisson;
import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
import org.redisson.api.RBucket;
import org.redisson.api.RFuture;
import org.redisson.api.RScript;
import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;
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
final class RedisGateway {
    private final RedissonClient redis;
    private final RedisHealth health;
    private final long timeoutMillis;
    private final RScript script;
    private volatile Runnable onConnectionChange = () -> { };

    RedisGateway(ClusterConfig config, String nodeId, RedisHealth health) {
        this.health = health;
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
    void onConnectionChange(Runnable action) {
        this.onConnectionChange = action;
    }

    RTopic topic(String channel) {
        return redis.getTopic(channel, StringCodec.INSTANCE);
    }

    /** A plain string value. */
    RBucket<String> bucket(String key) {
        return redis.getBucket(key, StringCodec.INSTANCE);
    }

    /** Publishes on a channel; completes with the number of subscribers that got it. */
    CompletableFuture<Long> publish(String channel, String text) {
        return call(() -> topic(channel).publishAsync(text));
    }

    /** A pipeline of commands; {@code atomic} runs it as MULTI/EXEC. */
    RBatch batch(boolean atomic) {
        BatchOptions options = BatchOptions.defaults().responseTimeout(timeoutMillis, TimeUnit.MILLISECONDS).retryAttempts(1);
        return redis.createBatch(atomic ? options.executionMode(BatchOptions.ExecutionMode.IN_MEMORY_ATOMIC) : options);
    }

    <R> CompletableFuture<R> eval(RScript.Mode mode, String lua, List<Object> keys, Object... args) {
        return eval(mode, lua, RScript.ReturnType.MULTI, keys, args);
    }

    <R> CompletableFuture<R> eval(RScript.Mode mode, String lua, RScript.ReturnType type, List<Object> keys, Object... args) {
        return this.<R>call(() -> script.evalAsync(mode, lua, type, keys, args)).whenComplete((r, e) -> {
            if (e != null) {
                health.down("script", e);
            }
        });
    }

    /** Redisson may throw at once instead of failing the future (e.g. its lazy first connection): both become a failed future. */
    <R> CompletableFuture<R> call(Supplier<RFuture<R>> command) {
        try {
            return command.get().toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    void shutdown() {
        redis.shutdown(0, Math.max(1000, timeoutMillis), TimeUnit.MILLISECONDS);
    }
}
