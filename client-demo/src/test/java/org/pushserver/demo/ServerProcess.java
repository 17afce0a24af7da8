package org.pushserver.demo;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real server ({@code server/target/push-server.jar}) run as a child process on 127.0.0.1, so that a test can
 * stop it and start it again on the same port. Its output goes to {@code target/it-logs/}.
 */
final class ServerProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final int port;
    private final List<String> extraArgs;
    private Process process;
    private Path log;
    private int starts;

    private ServerProcess(int port, List<String> extraArgs) {
        this.port = port;
        this.extraArgs = List.copyOf(extraArgs);
    }

    /** Starts the server on a free loopback port with the given extra flags and waits until it answers. */
    static ServerProcess start(String... extraArgs) throws Exception {
        ServerProcess server = new ServerProcess(freePort(), List.of(extraArgs));
        server.startAgain();
        return server;
    }

    static Path serverJar() {
        Path jar = Path.of(System.getProperty("pushserver.jar", "../server/target/push-server.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no server jar at " + jar.toAbsolutePath() + ": build it with mvn package");
        }
        return jar;
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    int port() {
        return port;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    long pid() {
        return process.pid();
    }

    /** (Re)starts the process on the same port and waits until {@code /health} answers 200. */
    void startAgain() throws Exception {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("already running");
        }
        starts++;
        Path dir = Path.of("target", "it-logs");
        Files.createDirectories(dir);
        log = dir.resolve("server-" + port + "-" + starts + ".log");
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx256m", "-jar", serverJar().toString(),
                "--host", "127.0.0.1", "--port", String.valueOf(port)));
        command.addAll(extraArgs);
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the server exited with " + process.exitValue() + ":\n" + logTail());
            }
            if (healthy()) {
                return;
            }
            process.waitFor(100, TimeUnit.MILLISECONDS);
        }
        stop();
        throw new IllegalStateException("the server did not answer /health within " + START_TIMEOUT + ":\n" + logTail());
    }

    private boolean healthy() {
        try {
            HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create(url() + "/health"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Stops this process (by its handle, SIGTERM then SIGKILL after 20 s) and waits for it to exit. */
    void stop() throws InterruptedException {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
