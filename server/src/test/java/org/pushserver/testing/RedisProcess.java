package org.pushserver.testing;

import org.junit.jupiter.api.Assumptions;
import redis.embedded.RedisServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A real {@code redis-server} for tests: the binary shipped in the embedded-redis artifact, bound to 127.0.0.1 on a
 * free port, without persistence (a restart comes back empty, like a lost Redis). When the environment sets
 * {@code REDIS_URL} that Redis is used instead, and {@link #controllable()} is false: it cannot be stopped here.
 * With the system property {@code pushserver.redis.topology=cluster} (the failsafe execution {@code redis-cluster})
 * it is a {@link RedisClusterProcess} of three masters instead, not controllable either: so the same cluster tests
 * run against a single Redis and against a Redis Cluster.
 */
public final class RedisProcess implements AutoCloseable {
    private final String url;
    private final int port;
    private final RedisServer server;
    private final AutoCloseable deployment;

    private RedisProcess(String url, int port, RedisServer server, AutoCloseable deployment) {
        this.url = url;
        this.port = port;
        this.server = server;
        this.deployment = deployment;
    }

    /** The Redis topology the tests run against: {@code single} (default) or {@code cluster}. */
    public static String topology() {
        return System.getProperty("pushserver.redis.topology", "single");
    }

    /** Starts a redis-server (or a Cluster, see {@link #topology()}), or wraps the one named by env {@code REDIS_URL}. */
    public static RedisProcess start() {
        String external = System.getenv("REDIS_URL");
        if (external != null && !external.isBlank()) {
            return new RedisProcess(external.trim(), -1, null, null);
        }
        return start(topology());
    }

    /** Starts Redis in the topology named: {@code single}, {@code cluster} or {@code sentinel}; env REDIS_URL is ignored. */
    public static RedisProcess start(String topology) {
        if (topology.equals("cluster")) {
            RedisClusterProcess c = RedisClusterProcess.start();
            return new RedisProcess(c.url(), -1, null, c);
        }
        if (topology.equals("sentinel")) {
            RedisSentinelProcess s = RedisSentinelProcess.start();
            return new RedisProcess(s.url(), -1, null, s);
        }
        int port = RedisServerProcess.freePort();
        try {
            RedisServer server = RedisServer.newRedisServer()
                    .bind("127.0.0.1")
                    .port(port)
                    .setting("save \"\"")
                    .setting("appendonly no")
                    .setting("protected-mode yes")
                    .build();
            RedisProcess redis = new RedisProcess("redis://127.0.0.1:" + port, port, server, null);
            redis.startAgain();
            return redis;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start redis-server", e);
        }
    }

    /** {@code redis://127.0.0.1:port}, or the Cluster's {@code redis-cluster://…}, or env REDIS_URL. */
    public String url() {
        return url;
    }

    /** True when this helper started the server and can stop and restart it. */
    public boolean controllable() {
        return server != null;
    }

    /** The Sentinel deployment, when started with topology {@code sentinel}: to kill its master. */
    public RedisSentinelProcess sentinel() {
        if (deployment instanceof RedisSentinelProcess s) {
            return s;
        }
        throw new IllegalStateException("not a Sentinel deployment: " + url);
    }

    /** Skips the calling test when this Redis cannot be stopped and started by it. */
    public void assumeControllable() {
        Assumptions.assumeTrue(controllable(), deployment != null
                ? "a Redis Cluster or Sentinel deployment: the tests stop and restart a single Redis only"
                : "REDIS_URL is set: the tests cannot stop that Redis");
    }

    /** Stops the server (SIGTERM, waits for the process to end); its port is closed when this returns. */
    public void stop() {
        requireControl();
        try {
            server.stop();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the server again on the same port (empty, as persistence is off) and waits until it answers PING. */
    public void startAgain() {
        requireControl();
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start redis-server on port " + port, e);
        }
        awaitAnswering(Duration.ofSeconds(10));
    }

    /**
     * Makes the server hang for {@code duration} (whole seconds): it accepts connections but answers nothing, as a
     * frozen or partitioned Redis does, so callers wait out their timeouts instead of being refused at once. Returns
     * at once; {@link #awaitAnswering} waits until it answers again.
     */
    public void hang(Duration duration) {
        requireControl();
        long seconds = Math.max(1, duration.toSeconds());
        Thread sleeper = new Thread(() -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                s.setSoTimeout((int) (seconds + 10) * 1000);
                s.getOutputStream().write(("DEBUG SLEEP " + seconds + "\r\n").getBytes(StandardCharsets.UTF_8));
                s.getOutputStream().flush();
                s.getInputStream().read(); // +OK once it wakes; the connection stays open until then
            } catch (IOException ignored) {
                // awaitAnswering tells whether it came back
            }
        }, "redis-hang-" + port);
        sleeper.setDaemon(true);
        sleeper.start();
        Await.await("redis-server on port " + port + " stops answering", Duration.ofSeconds(10), () -> command("PING") == null);
    }

    /** Waits until the server answers PING, e.g. after {@link #hang}. */
    public void awaitAnswering(Duration timeout) {
        Await.await("redis-server on port " + port + " answers PING", timeout, () -> "PONG".equals(command("PING")));
    }

    /**
     * Sends one command over a fresh connection (inline protocol) and returns its first reply line without the type
     * byte, or null when Redis cannot be reached. Enough for PING and small checks; tests needing more use a client.
     */
    public String command(String inline) {
        if (port < 0) {
            throw new IllegalStateException("external REDIS_URL or a Redis Cluster: use a client");
        }
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            s.setSoTimeout(2000);
            OutputStream out = s.getOutputStream();
            out.write((inline + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = s.getInputStream();
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) != -1 && c != '\n') {
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.length() > 0 ? line.substring(1) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private void requireControl() {
        if (server == null) {
            throw new IllegalStateException("REDIS_URL is set, or a Cluster or Sentinel deployment: this Redis is not controlled by the tests");
        }
    }

    @Override
    public void close() {
        if (server != null && server.isActive()) {
            stop();
        }
        if (deployment instanceof RedisClusterProcess c) {
            c.close();
        } else if (deployment instanceof RedisSentinelProcess s) {
            s.close();
        }
    }
}
