package org.pushserver.testing;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged jar ({@code pushserver.jar}, set by failsafe) in a process of its own on 127.0.0.1 and a free port,
 * so that its heap and resident memory are its own: nothing of the test's JVM is counted. Its heap is read after a
 * full collection with {@code jcmd}, its memory from {@code /proc/<pid>/status}. Stopped by its PID (SIGTERM, then
 * SIGKILL after 20 s).
 */
public final class ServerProcess implements AutoCloseable, ServerHttp {
    /** The line the server logs once its port is bound (a cluster node also logs "listening on" its topic, earlier). */
    private static final java.util.regex.Pattern LISTENING = java.util.regex.Pattern.compile("push-server \\S+ listening on ");
    /** The JVM flags the README recommends for production: small young generation, so RSS follows the live heap. */
    public static final List<String> PRODUCTION_JVM = List.of("-XX:+UseSerialGC", "-Xms64m", "-Xmx512m", "-Xmn16m");
    private static final Pattern HEAP_USED = Pattern.compile("(?:generation|heap)\\s+total \\d+K, used (\\d+)K");
    private static final Pattern HISTOGRAM_ROW = Pattern.compile("(?m)^\\s*\\d+:\\s+\\d+\\s+(\\d+)\\s+(\\S+)");
    private static final int LOG_LINES_KEPT = 200;

    private final Process process;
    private final int port;
    private final Deque<String> lastLines = new ArrayDeque<>();

    private ServerProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts the jar with {@code jvmFlags} and the server's {@code args} (flags), and waits for it to listen. */
    public static ServerProcess start(List<String> jvmFlags, String... args) throws IOException {
        String jar = jar();
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(javaTool("java"));
        command.addAll(jvmFlags);
        command.addAll(List.of("-jar", jar));
        return run(new ProcessBuilder(command), port, args);
    }

    /**
     * Starts the server through the launcher ({@code bin/push-server}, property {@code pushserver.launcher}) with the
     * packaged jar, the JDK running the tests as {@code JAVA_HOME} unless {@code env} names another, and {@code env}.
     */
    public static ServerProcess launch(Map<String, String> env, String... args) throws IOException {
        return run(launcherProcess(env), freePort(), args);
    }

    /**
     * The launcher, not started yet: the packaged jar, the JDK running the tests as {@code JAVA_HOME} and no
     * {@code JAVA_OPTS}, unless {@code env} says otherwise; arguments are added to its command.
     */
    public static ProcessBuilder launcherProcess(Map<String, String> env) {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(List.of(launcher())));
        builder.environment().put("PUSH_SERVER_JAR", jar());
        builder.environment().put("JAVA_HOME", Path.of(javaTool("java")).getParent().getParent().toString());
        builder.environment().remove("JAVA_OPTS");
        builder.environment().putAll(env);
        return builder;
    }

    /** The launcher script, checked to be there. */
    private static String launcher() {
        String launcher = System.getProperty("pushserver.launcher", "../bin/push-server");
        if (!Files.isExecutable(Path.of(launcher))) {
            throw new IllegalStateException("no executable launcher at " + launcher);
        }
        return launcher;
    }

    private static String jar() {
        String jar = System.getProperty("pushserver.jar", "target/push-server.jar");
        if (!new File(jar).isFile()) {
            throw new IllegalStateException("build the jar first (mvn package): " + jar);
        }
        return jar;
    }

    private static int freePort() throws IOException {
        try (ServerSocket free = new ServerSocket(0)) {
            return free.getLocalPort();
        }
    }

    private static ServerProcess run(ProcessBuilder builder, int port, String... args) throws IOException {
        builder.command().addAll(List.of("--host", "127.0.0.1", "--port", Integer.toString(port),
                "--shutdown-timeout-ms", "2000"));
        builder.command().addAll(List.of(args));
        ServerProcess server = new ServerProcess(builder.redirectErrorStream(true).start(), port);
        try {
            server.awaitListening();
        } catch (RuntimeException | IOException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private void awaitListening() throws IOException {
        BufferedReader log = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Boolean> listening = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                for (String line = log.readLine(); line != null; line = log.readLine()) {
                    keep(line);
                    if (LISTENING.matcher(line).find()) {
                        listening.complete(true);
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
            listening.complete(false);
        }, "server-log-" + port);
        reader.setDaemon(true);
        reader.start();
        try {
            if (!listening.get(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the server exited before listening:\n" + log());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the server did not listen within 30 s:\n" + log(), e);
        }
    }

    private synchronized void keep(String line) {
        if (lastLines.size() == LOG_LINES_KEPT) {
            lastLines.removeFirst();
        }
        lastLines.addLast(line);
    }

    /** The last lines the server logged, for a failure message. */
    public synchronized String log() {
        return String.join("\n", lastLines);
    }

    /** The JVM's flags as it runs ({@code jcmd VM.flags}). */
    public String vmFlags() {
        return jcmd("VM.flags");
    }

    /** The command line of the process as the kernel has it ({@code /proc/<pid>/cmdline}), one element per entry. */
    public List<String> commandLine() {
        try {
            String raw = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid()), "cmdline")), StandardCharsets.UTF_8);
            return List.of(raw.split("\0"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/" + pid() + "/cmdline", e);
        }
    }

    /** The exit code, once {@link #close()} has stopped the process. */
    public int exitCode() {
        return process.exitValue();
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public int port() {
        return port;
    }

    public boolean alive() {
        return process.isAlive();
    }

    /**
     * Heap used after full collections ({@code jcmd GC.run}, then {@code GC.heap_info}), in bytes: the least of
     * {@code rounds}, since a collection may leave garbage that a later one takes.
     */
    public long heapAfterGc(int rounds) {
        long least = Long.MAX_VALUE;
        for (int i = 0; i < rounds; i++) {
            jcmd("GC.run");
            Matcher used = HEAP_USED.matcher(jcmd("GC.heap_info"));
            long kb = 0;
            boolean found = false;
            while (used.find()) {
                kb += Long.parseLong(used.group(1));
                found = true;
            }
            if (!found) {
                throw new IllegalStateException("no heap figure in jcmd GC.heap_info");
            }
            least = Math.min(least, kb * 1024);
        }
        return least;
    }

    /** Bytes of live objects per class ({@code jcmd GC.class_histogram}, which collects first). */
    public java.util.Map<String, Long> classBytes() {
        java.util.Map<String, Long> bytes = new java.util.HashMap<>();
        Matcher row = HISTOGRAM_ROW.matcher(jcmd("GC.class_histogram"));
        while (row.find()) {
            bytes.merge(row.group(2), Long.parseLong(row.group(1)), Long::sum);
        }
        return bytes;
    }

    /** The classes whose live bytes grew most from {@code before} to {@code after}, one per line: for failure messages. */
    public static String growth(java.util.Map<String, Long> before, java.util.Map<String, Long> after, int top) {
        return after.entrySet().stream()
                .map(e -> java.util.Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 0)
                .sorted(java.util.Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(top)
                .map(e -> String.format(java.util.Locale.ROOT, "  %+9d B %s", e.getValue(), e.getKey()))
                .collect(java.util.stream.Collectors.joining("\n"));
    }

    /** Resident memory now ({@code VmRSS}), in bytes. */
    public long rssBytes() {
        return status("VmRSS");
    }

    /** The most resident memory the process has had ({@code VmHWM}), in bytes. */
    public long peakRssBytes() {
        return status("VmHWM");
    }

    private long status(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024; // "VmRSS:   123456 kB"
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/" + pid() + "/status", e);
        }
        throw new IllegalStateException("no " + field + " in /proc/" + pid() + "/status");
    }

    private String jcmd(String command) {
        try {
            Process jcmd = new ProcessBuilder(javaTool("jcmd"), Long.toString(pid()), command).redirectErrorStream(true).start();
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> {
                try {
                    return jcmd.getInputStream().readAllBytes();
                } catch (IOException e) {
                    return new byte[0];
                }
            });
            if (!jcmd.waitFor(60, TimeUnit.SECONDS)) {
                jcmd.destroyForcibly();
                throw new IllegalStateException("jcmd " + command + " did not finish within 60 s");
            }
            String text = new String(out.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8);
            if (jcmd.exitValue() != 0) {
                throw new IllegalStateException("jcmd " + command + " failed: " + text);
            }
            return text;
        } catch (IOException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("jcmd " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A tool of the JDK running the tests ({@code java}, {@code jcmd}), else the one on the PATH. */
    private static String javaTool(String name) {
        return ProcessHandle.current().info().command()
                .map(java -> Path.of(java).resolveSibling(name))
                .filter(Files::isExecutable)
                .map(Path::toString)
                .orElse(name);
    }

    /** SIGTERM to this PID, then SIGKILL if it has not exited within 20 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
