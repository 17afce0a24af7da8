package org.pushserver.testing;

import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A JUnit 5 extension for a cluster: a real Redis ({@link RedisProcess}: a redis-server of its own, or env
 * {@code REDIS_URL}), a key prefix no other test uses, and {@code n} real servers on both. Static field: one cluster
 * per class; instance field: one per test. Torn down in order even when an assertion failed: the nodes (side by side,
 * each stop waits out Netty's quiet period), then the Redis client, then Redis.
 * <pre>{@code
 * @RegisterExtension
 * static final ClusterExtension cluster = ClusterExtension.of(2, "--node-ttl-ms", "3000");
 *
 * @Test
 * void aPushReachesTheOtherNode() {
 *     RunningServer a = cluster.node(0), b = cluster.node(1);
 *     …
 * }
 * }</pre>
 */
public final class ClusterExtension extends TestScope {
    private final int size;
    private final String[] args;
    private final boolean controllingRedis;
    private final String topology;
    private final List<RunningServer> nodes = new ArrayList<>();
    private RedisProcess redis;
    private String prefix;
    private RedissonClient redisClient;

    private ClusterExtension(int size, String[] args, boolean controllingRedis, String topology) {
        this.size = size;
        this.args = args;
        this.controllingRedis = controllingRedis;
        this.topology = topology;
    }

    /** {@code size} nodes started with these flags besides {@code --redis-url} and {@code --redis-prefix}. */
    public static ClusterExtension of(int size, String... args) {
        return new ClusterExtension(size, args.clone(), false, null);
    }

    /** The same cluster, for tests that stop and restart Redis: skipped when env REDIS_URL names one they cannot stop. */
    public ClusterExtension controllingRedis() {
        return new ClusterExtension(size, args, true, topology);
    }

    /** The same cluster on a Redis of this topology ({@code sentinel}, {@code cluster}) whatever the build chose. */
    public ClusterExtension on(String redisTopology) {
        return new ClusterExtension(size, args, controllingRedis, redisTopology);
    }

    @Override
    void open() {
        redis = topology == null ? RedisProcess.start() : RedisProcess.start(topology);
        if (controllingRedis) {
            redis.assumeControllable();
        }
        prefix = "it" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < size; i++) {
            startNode();
        }
    }

    /** Node {@code i} of those started with the cluster (0-based). */
    public RunningServer node(int i) {
        return nodes.get(i);
    }

    /** One more node on this cluster's Redis and prefix, with the same flags; torn down with the others. */
    public RunningServer startNode() {
        RunningServer node = RunningServer.start(nodeArgs());
        synchronized (nodes) {
            nodes.add(node);
        }
        return node;
    }

    /** Closes {@code node} now (e.g. one started by {@link #startNode} for one test). */
    public void stopNode(RunningServer node) {
        synchronized (nodes) {
            nodes.remove(node);
        }
        node.close();
    }

    /** A node's flags: {@code --redis-url}, {@code --redis-prefix} and the cluster's own, for a node in a process of its own. */
    public String[] nodeArgs() {
        return Stream.concat(Stream.of("--redis-url", redis.url(), "--redis-prefix", prefix), Stream.of(args))
                .toArray(String[]::new);
    }

    public RedisProcess redis() {
        return redis;
    }

    /** This cluster's key prefix: unique per cluster, so tests sharing an external Redis do not meet. */
    public String prefix() {
        return prefix;
    }

    /** A plain Redis client (string codec) for looking at keys; made on first use, shut down before Redis stops. */
    public synchronized RedissonClient redisClient() {
        if (redisClient == null) {
            Config c = new Config().setCodec(StringCodec.INSTANCE);
            if (redis.url().startsWith("redis-cluster://")) {
                c.useClusterServers().addNodeAddress(Stream.of(redis.url().substring("redis-cluster://".length()).split(","))
                                .map(a -> "redis://" + a).toArray(String[]::new))
                        .setMasterConnectionMinimumIdleSize(1).setMasterConnectionPoolSize(2)
                        .setSubscriptionConnectionMinimumIdleSize(0);
            } else {
                c.useSingleServer().setAddress(redis.url()).setConnectionMinimumIdleSize(1).setConnectionPoolSize(2)
                        .setSubscriptionConnectionMinimumIdleSize(0);
            }
            redisClient = Redisson.create(c);
        }
        return redisClient;
    }

    @Override
    void close() {
        List<RunningServer> closing;
        synchronized (nodes) {
            closing = new ArrayList<>(nodes);
            nodes.clear();
        }
        RuntimeException failure = closeSideBySide(closing);
        try {
            synchronized (this) {
                if (redisClient != null) {
                    RedissonClient client = redisClient;
                    redisClient = null;
                    client.shutdown();
                }
            }
        } finally { // Redis stops whatever happened before
            if (redis != null) {
                RedisProcess r = redis;
                redis = null;
                r.close();
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Closes the nodes in parallel, each bounded; returns the first failure (the others suppressed), or null. */
    private static RuntimeException closeSideBySide(List<RunningServer> closing) {
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (RunningServer node : closing) {
            Thread t = new Thread(() -> {
                try {
                    node.close();
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "close-node-" + node.port());
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            try {
                t.join(30_000);
                if (t.isAlive()) {
                    failures.add(new AssertionError(t.getName() + " did not end within 30 s"));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failures.add(e);
            }
        }
        if (failures.isEmpty()) {
            return null;
        }
        RuntimeException first = new IllegalStateException("closing the cluster's nodes failed", failures.get(0));
        failures.stream().skip(1).forEach(first::addSuppressed);
        return first;
    }
}
