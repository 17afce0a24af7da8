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
 * A real Sentinel deployment on 127.0.0.1: a master, one replica and three Sentinels (quorum 2), each a
 * {@code redis-server} process ({@link RedisBinary}, Sentinels with {@code --sentinel}) on a free port, without
 * persistence. A Sentinel declares the master down after {@link #DOWN_AFTER} without an answer, then the Sentinels
 * promote the replica. Every process is stopped (or killed) by its PID.
 */
public final class RedisSentinelProcess implements AutoCloseable {
    public static final String MASTER_NAME = "pushmaster";
    /** Sentinel's {@code down-after-milliseconds}: how long a silent master takes to be declared down. */
    public static final Duration DOWN_AFTER = Duration.ofSeconds(1);
    private final Path dir;
    private final List<RedisServerProcess> data = new ArrayList<>();
    private final List<RedisServerProcess> sentinels = new ArrayList<>();

    private RedisSentinelProcess(Path dir) {
        this.dir = dir;
    }

    /** Starts master, replica and Sentinels; returns once the replica is in sync and every Sentinel knows all. */
    public static RedisSentinelProcess start() {
        RedisSentinelProcess s;
        try {
            s = new RedisSentinelProcess(Files.createTempDirectory("redis-sentinel"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            s.form(RedisBinary.find());
            return s;
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private void form(RedisBinary binary) {
        RedisServerProcess master = RedisServerProcess.start(binary, dir, RedisServerProcess.freePort());
        data.add(master);
        int replicaPort = RedisServerProcess.freePort();
        data.add(RedisServerProcess.start(binary, dir, replicaPort, "--replicaof", "127.0.0.1", Integer.toString(master.port())));
        Await.await("the replica is in sync with the master", Duration.ofSeconds(20), () -> {
            String info = RedisCommand.send(replicaPort, "INFO", "replication");
            return info != null && info.contains("master_link_status:up");
        });
        for (int i = 0; i < 3; i++) {
            int port = RedisServerProcess.freePort();
            Path conf = dir.resolve("sentinel-" + port + ".conf");
            try {
                Files.writeString(conf, "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + master.port() + " 2\n"
                        + "sentinel down-after-milliseconds " + MASTER_NAME + " " + DOWN_AFTER.toMillis() + "\n"
                        + "sentinel failover-timeout " + MASTER_NAME + " 10000\n"
                        + "sentinel parallel-syncs " + MASTER_NAME + " 1\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            sentinels.add(RedisServerProcess.start(binary, dir, port, List.of(conf.toString(), "--sentinel")));
        }
        for (RedisServerProcess sentinel : sentinels) {
            Await.await("Sentinel " + sentinel.port() + " knows the replica and the two other Sentinels", Duration.ofSeconds(30), () -> {
                String m = RedisCommand.send(sentinel.port(), "SENTINEL", "MASTER", MASTER_NAME);
                return m != null && m.contains("num-slaves\n1") && m.contains("num-other-sentinels\n2");
            });
        }
    }

    /** {@code redis-sentinel://127.0.0.1:s1,127.0.0.1:s2,127.0.0.1:s3/pushmaster}. */
    public String url() {
        return "redis-sentinel://" + sentinels.stream().map(s -> "127.0.0.1:" + s.port()).collect(Collectors.joining(","))
                + "/" + MASTER_NAME;
    }

    /** The port of the server the Sentinels currently name as master. */
    public int masterPort() {
        String addr = RedisCommand.require(sentinels.get(0).port(), "SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER_NAME);
        return Integer.parseInt(addr.split("\n")[1]);
    }

    /** The data server that is not the master now. */
    public RedisServerProcess replica() {
        int master = masterPort();
        return data.stream().filter(s -> s.port() != master && s.alive()).findFirst()
                .orElseThrow(() -> new IllegalStateException("no replica"));
    }

    /** The data server (master or replica) on {@code port}. */
    public RedisServerProcess server(int port) {
        return data.stream().filter(s -> s.port() == port).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no data server on port " + port));
    }

    /**
     * Writes a marker on the master and waits (Redis {@code WAIT}) until the replica has acknowledged it, on one
     * connection: the replication stream is ordered, so every write before the marker is on the replica too.
     */
    public void awaitReplicated(Duration timeout) {
        List<String> replies = RedisCommand.sendInOrder(masterPort(), List.of(
                List.of("SET", "replication-fence", Long.toString(System.nanoTime())),
                List.of("WAIT", "1", Long.toString(timeout.toMillis()))));
        if (!"1".equals(replies.get(1))) {
            throw new AssertionError("the replica did not acknowledge the writes within " + timeout + ": " + replies);
        }
    }

    @Override
    public void close() {
        sentinels.forEach(RedisServerProcess::close);
        data.forEach(RedisServerProcess::close);
        RedisServerProcess.deleteDirectory(dir);
    }
}
