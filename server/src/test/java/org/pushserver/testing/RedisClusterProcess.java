package org.pushserver.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A real Redis Cluster of three masters (no replicas) on 127.0.0.1, each a {@code redis-server} process of its own
 * ({@link RedisBinary}) on a free port, without persistence, its files in a temporary directory. Formed with raw
 * commands ({@code CLUSTER ADDSLOTS} a third of the 16384 slots to each, {@code CLUSTER MEET}), so no
 * {@code redis-cli} is needed. Stopped by PID ({@link RedisServerProcess}), then the directory is removed.
 */
public final class RedisClusterProcess implements AutoCloseable {
    private static final int MASTERS = 3;
    private static final int SLOTS = 16384;
    private final RedisBinary binary;
    private final Path dir;
    private final List<RedisServerProcess> masters = new ArrayList<>();

    private RedisClusterProcess(RedisBinary binary, Path dir) {
        this.binary = binary;
        this.dir = dir;
    }

    /** Starts the three masters, gives each its slots, introduces them, and waits until each says cluster_state:ok. */
    public static RedisClusterProcess start() {
        RedisBinary binary = RedisBinary.find();
        RedisClusterProcess cluster;
        try {
            cluster = new RedisClusterProcess(binary, Files.createTempDirectory("redis-cluster"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            cluster.form();
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private void form() {
        for (int i = 0; i < MASTERS; i++) {
            int port = RedisServerProcess.freeClusterPort();
            masters.add(RedisServerProcess.start(binary, dir, port, "--cluster-enabled", "yes",
                    "--cluster-config-file", dir.resolve("nodes-" + port + ".conf").toString(),
                    "--cluster-node-timeout", "2000"));
        }
        for (int i = 0; i < MASTERS; i++) {
            int from = SLOTS * i / MASTERS;
            int to = SLOTS * (i + 1) / MASTERS;
            List<String> args = new ArrayList<>(List.of("CLUSTER", "ADDSLOTS"));
            for (int slot = from; slot < to; slot++) {
                args.add(Integer.toString(slot));
            }
            RedisCommand.require(masters.get(i).port(), args.toArray(String[]::new));
        }
        for (int i = 1; i < MASTERS; i++) {
            RedisCommand.require(masters.get(0).port(), "CLUSTER", "MEET", "127.0.0.1", Integer.toString(masters.get(i).port()));
        }
        for (RedisServerProcess m : masters) {
            Await.await("Redis Cluster node " + m.port() + " sees the whole cluster ok", Duration.ofSeconds(30), () -> {
                String info = RedisCommand.send(m.port(), "CLUSTER", "INFO");
                return info != null && info.contains("cluster_state:ok") && info.contains("cluster_known_nodes:" + MASTERS)
                        && info.contains("cluster_slots_assigned:" + SLOTS);
            });
        }
    }

    /** {@code redis-cluster://127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3}. */
    public String url() {
        return "redis-cluster://" + masters.stream().map(m -> "127.0.0.1:" + m.port()).collect(Collectors.joining(","));
    }

    public RedisBinary binary() {
        return binary;
    }

    /** The masters' ports, in slot order. */
    public List<Integer> ports() {
        return masters.stream().map(RedisServerProcess::port).toList();
    }

    @Override
    public void close() {
        masters.forEach(RedisServerProcess::close);
        masters.clear();
        RedisServerProcess.deleteDirectory(dir);
    }
}
