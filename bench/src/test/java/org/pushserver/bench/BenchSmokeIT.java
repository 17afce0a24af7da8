package org.pushserver.bench;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.pushserver.testing.Await;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Smoke run of the load generator with tiny sizes: against the Java server jar (started as a process), and against
 * the Node peer when Node and its installed dependencies are there (under {@code CI=true} their absence fails the
 * test instead of skipping it). Every expected delivery must arrive exactly once.
 */
class BenchSmokeIT {
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopServers() throws InterruptedException {
        for (Process p : started) {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        }
        started.clear();
    }

    @Test
    @Timeout(60)
    void javaServerDeliversEveryPushExactlyOnce() throws Exception {
        Path jar = Path.of(System.getProperty("pushserver.jar", "../server/target/push-server.jar"));
        assertTrue(Files.isRegularFile(jar), "server jar not built: " + jar.toAbsolutePath());
        int port = freePort();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = start(List.of(java, "-Xms128m", "-Xmx256m", "-jar", jar.toString(), "--host", "127.0.0.1",
            "--port", Integer.toString(port)), "smoke-java-server.log", null);
        smoke(p, port, true);
    }

    @Test
    @Timeout(60)
    void nodePeerDeliversEveryPushExactlyOnce() throws Exception {
        Path dir = Path.of(System.getProperty("nodepeer.dir", "node-peer"));
        need(onPath("node"), "node is not on the PATH (install Node 20+)");
        need(Files.isDirectory(dir.resolve("node_modules/socket.io")),
            "node-peer dependencies are not installed in " + dir.toAbsolutePath() + " (npm ci runs in pre-integration-test)");
        int port = freePort();
        Process p = start(List.of("node", dir.resolve("server.js").toString()), "smoke-node-peer.log",
            Integer.toString(port));
        smoke(p, port, false);
    }

    /** {@code recovers}: the server resumes {@code lastMessageId} logins (the Java server; the Node peer does not). */
    private void smoke(Process server, int port, boolean recovers) throws Exception {
        awaitPort(server, port, 30_000);
        Config cfg = new Config();
        cfg.url = "http://127.0.0.1:" + port;
        cfg.sockets = 100;
        cfg.tokens = 50;
        cfg.tokensPerPost = 10;
        cfg.posters = 4;
        cfg.warmup = 0.5;
        cfg.duration = 2;
        cfg.ioThreads = 1;
        cfg.pids.put("server", server.pid());

        Results closed = Scenarios.fanOut(cfg, false);
        assertExact(closed, "closed loop");
        assertTrue(closed.get("deliveries_per_s") > 0, "no throughput: " + closed.values);
        assertTrue(closed.get("latency_samples") > 0, "no latency samples: " + closed.values);

        cfg.sockets = 200;
        cfg.tokens = 200;
        cfg.broadcasts = 1;
        Results idle = Scenarios.idleAndBroadcast(cfg);
        assertExact(idle, "idle + broadcast");
        assertEquals(200, idle.get("delivered"), "broadcast deliveries: " + idle.values);
        if (recovers) {
            cfg.sockets = 100;
            cfg.tokensPerPost = 10;
            cfg.missed = 2;
            Results storm = Storm.run(cfg);
            assertExact(storm, "recovery storm");
            assertEquals(100, storm.get("sockets_recovered"), "recovered with every missed push: " + storm.values);
            assertEquals(300, storm.get("delivered"), "one push before the drop, two missed: " + storm.values);
        }
    }

    private static void assertExact(Results r, String what) {
        String all = what + ": " + r.values + " " + r.notes;
        assertEquals(0, r.get("connect_failed"), all);
        assertEquals(0, r.get("post_errors"), all);
        assertEquals(0, r.get("loss"), all);
        assertEquals(0, r.get("duplicates"), all);
        assertEquals(0, r.get("misrouted"), all);
        assertEquals(0, r.get("extra"), all);
        assertTrue(r.get("expected_deliveries") > 0, all);
    }

    private Process start(List<String> cmd, String log, String portEnv) throws IOException {
        Path logFile = Path.of("target", log);
        Files.createDirectories(logFile.getParent());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(logFile.toFile());
        if (portEnv != null) {
            pb.environment().put("PORT", portEnv);
            pb.environment().put("HOST", "127.0.0.1");
        }
        Process p = pb.start();
        started.add(p);
        return p;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void awaitPort(Process p, int port, long timeoutMs) {
        Await.await("the server listens on " + port, Duration.ofMillis(timeoutMs), () -> {
            assertTrue(p.isAlive(), "server exited early (see target/*.log)");
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return true;
            } catch (IOException e) {
                return false;
            }
        });
    }

    /**
     * Skips the test when {@code present} is false, except under CI ({@code CI=true}, as every CI service sets it),
     * where a missing part fails it with {@code missing} as the reason: a CI run must never pass by skipping.
     */
    static void need(boolean present, String missing) {
        if (!present && "true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("CI=true and " + missing + ": the benchmark smoke test must run in CI");
        }
        Assumptions.assumeTrue(present, missing);
    }

    private static boolean onPath(String exe) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String d : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, exe))) {
                return true;
            }
        }
        return false;
    }
}
