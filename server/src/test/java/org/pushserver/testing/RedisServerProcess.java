package org.pushserver.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One {@code redis-server} process (a Cluster master, a replica, or a Sentinel with {@code --sentinel}) bound to
 * 127.0.0.1, without persistence, its log in its directory. Stopped or killed by its PID only.
 */
public final class RedisServerProcess implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path log;

    private RedisServerProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts {@code binary} on {@code port} with {@code extra} arguments and waits until it answers PING. */
    public static RedisServerProcess start(RedisBinary binary, Path dir, int port, String... extra) {
        return start(binary, dir, port, List.of(), extra);
    }

    /** The same with arguments before the options, e.g. a Sentinel's config file. */
    static RedisServerProcess start(RedisBinary binary, Path dir, int port, List<String> first, String... extra) {
        List<String> command = new ArrayList<>();
        command.add(binary.path());
        command.addAll(first);
        command.addAll(List.of("--port", Integer.toString(port), "--bind", "127.0.0.1", "--dir", dir.toString(),
                "--save", "", "--appendonly", "no", "--protected-mode", "yes"));
        command.addAll(List.of(extra));
        Path log = dir.resolve("redis-" + port + ".log");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            RedisServerProcess server = new RedisServerProcess(p, port, log);
            try {
                server.awaitAnswering(Duration.ofSeconds(20));
            } catch (AssertionError e) {
                server.close();
                throw new IllegalStateException("redis-server on port " + port + " did not start: " + server.logTail(), e);
            }
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    public void awaitAnswering(Duration timeout) {
        Await.await("redis-server on port " + port + " answers PING", timeout, () -> "PONG".equals(RedisCommand.send(port, "PING")));
    }

    /** SIGKILL to this PID, as a crash: no goodbye to replicas or Sentinels. Waits until the process has ended. */
    public void kill() {
        process.destroyForcibly();
        waitForEnd(10);
    }

    /** SIGSTOP to this PID: the server is frozen, as a stalled host; its peers' connections stay open. */
    public void pause() {
        signal("STOP");
    }

    /** SIGCONT to this PID after {@link #pause}. */
    public void resume() {
        signal("CONT");
    }

    private void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGTERM to this PID, SIGKILL if it has not ended within 10 s. */
    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                signal("CONT"); // a paused server would not act on SIGTERM
            } catch (RuntimeException ended) {
                // it ended meanwhile
            }
            process.destroy();
            if (!waitForEnd(10)) {
                process.destroyForcibly();
                waitForEnd(10);
            }
        }
    }

    /** The last lines of its log, for a failure message. */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private boolean waitForEnd(int seconds) {
        try {
            return process.waitFor(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A free port whose Cluster bus port (port + 10000) is free too. */
    static int freeClusterPort() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = freePort();
            if (port + 10000 <= 65535) {
                try (ServerSocket bus = new ServerSocket(port + 10000, 1, java.net.InetAddress.getLoopbackAddress())) {
                    return port;
                } catch (IOException taken) {
                    // try another
                }
            }
        }
        throw new IllegalStateException("no free port p with p + 10000 free in 100 attempts");
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteDirectory(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }
}
