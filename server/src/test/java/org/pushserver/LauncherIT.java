package org.pushserver;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pushserver.testing.Await;
import org.pushserver.testing.ServerProcess;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code bin/push-server} as the README starts the server: the options file's flags, {@code JAVA_OPTS} after them,
 * the arguments passed through, the PID being the JVM's, and on Java 25+ the AOT cache with its fallbacks.
 */
class LauncherIT {

    @Test
    void theLauncherStartsTheJvmWithTheOptionsFileAndStopsByItsPid() throws Exception {
        ServerProcess server = ServerProcess.launch(Map.of());
        try {
            assertEquals(200, server.get("/health").statusCode());
            List<String> command = server.commandLine();
            assertTrue(command.get(0).endsWith("/bin/java"), "the launcher execs the JVM, so its PID is the server's: " + command);
            assertTrue(command.containsAll(List.of("-XX:+UseSerialGC", "-Xmn16m", "-Xmx512m")), command.toString());
            assertTrue(server.vmFlags().contains("-XX:+UseSerialGC"), server.vmFlags());
        } finally {
            server.close();
        }
        assertFalse(server.alive());
        assertEquals(0, server.exitCode(), "SIGTERM to the launcher's PID is a graceful stop:\n" + server.log());
    }

    @Test
    void javaOptsComeAfterTheOptionsFileSoTheyWin() throws Exception {
        try (ServerProcess server = ServerProcess.launch(Map.of("JAVA_OPTS", "-Xmx300m -Dlauncher.test=yes"))) {
            assertTrue(server.vmFlags().contains("-XX:MaxHeapSize=" + 300L * 1024 * 1024), server.vmFlags());
            assertTrue(server.commandLine().contains("-Dlauncher.test=yes"), server.commandLine().toString());
        }
    }

    @Test
    void aLineOfTheOptionsFileAppliesOnlyToTheJavaVersionsItNames(@TempDir Path dir) throws Exception {
        Path options = Files.writeString(dir.resolve("jvm.options"), String.join("\n",
                "# comment", "", "  -XX:+UseSerialGC  ", "17-:-Dfrom17=on", "1-16:-Dold=on", "999-:-Dfuture=on",
                "17-998:-Dbounded=on", Runtime.version().feature() + ":-Dexact=on"));
        try (ServerProcess server = ServerProcess.launch(Map.of("PUSH_SERVER_JVM_OPTIONS", options.toString()))) {
            List<String> command = server.commandLine();
            assertTrue(command.containsAll(List.of("-XX:+UseSerialGC", "-Dfrom17=on", "-Dbounded=on", "-Dexact=on")), command.toString());
            assertFalse(command.contains("-Dold=on") || command.contains("-Dfuture=on"), command.toString());
            assertFalse(command.contains("-Xmx512m"), "only the named file is read: " + command);
        }
    }

    @Test
    void theArgumentsReachTheServerAndItsExitCodeTheCaller() throws Exception {
        Run help = run(Map.of(), "--help");
        assertEquals(0, help.code(), help.output());
        assertTrue(help.output().contains("Usage:"), help.output());
        Run bad = run(Map.of(), "--port", "not-a-number");
        assertTrue(bad.code() != 0, bad.output());
        assertTrue(bad.output().contains("PORT"), "the server's own message: " + bad.output());
    }

    @Test
    void aMissingJarOrJavaIsNamedInOneLine(@TempDir Path dir) throws Exception {
        Run noJar = run(Map.of("PUSH_SERVER_JAR", dir.resolve("nothing.jar").toString()));
        assertEquals(78, noJar.code(), noJar.output());
        assertTrue(noJar.output().contains("nothing.jar is not a file"), noJar.output());
        Run noJava = run(Map.of("JAVA_HOME", dir.toString()));
        assertEquals(78, noJava.code(), noJava.output());
        assertTrue(noJava.output().contains("JAVA_HOME=" + dir + " has no bin/java"), noJava.output());
    }

    /**
     * Java 25's AOT cache. The launcher's output goes to a file here, as under systemd or a container runtime: with
     * its output piped to a JVM that reads it (as {@link ServerProcess} does), JDK 25 was seen to stop without
     * writing the cache (measured; a start without the cache is the fallback then).
     */
    @Test
    void onJava25TheFirstRunMakesAnAotCacheTheNextUsesItAndABrokenOneIsLeftAside(@TempDir Path dir) throws Exception {
        Optional<Path> jdk25 = jdk(25);
        assumeTrue(jdk25.isPresent(), "no JDK 25 or later beside the test JDK or in /usr/lib/jvm");
        Map<String, String> env = Map.of("JAVA_HOME", jdk25.get().toString(), "PUSH_SERVER_AOT_DIR", dir.toString());

        try (Launched training = Launched.start(env, dir.resolve("training.log"))) {
            assertTrue(training.commandLine().stream().anyMatch(a -> a.startsWith("-XX:AOTCacheOutput=" + dir)), training.commandLine().toString());
        }
        Path cache = caches(dir);
        assertTrue(cache != null, "the JVM wrote its AOT cache when it stopped: " + Files.readString(dir.resolve("training.log")));

        try (Launched cached = Launched.start(env, dir.resolve("cached.log"))) {
            assertTrue(cached.commandLine().contains("-XX:AOTCache=" + cache), cached.commandLine().toString());
        }

        byte[] whole = Files.readAllBytes(cache);
        Files.write(cache, java.util.Arrays.copyOf(whole, whole.length / 10));   // a cache cut short, e.g. by a full disk
        try (Launched broken = Launched.start(env, dir.resolve("broken.log"))) {
            assertTrue(broken.commandLine().contains("-XX:AOTCache=" + cache), broken.commandLine().toString());
        }
    }

    /** The launcher with its output in a file; started once /health answers 200, stopped by its PID (exit 0). */
    private record Launched(Process process, Path log) implements AutoCloseable {
        static Launched start(Map<String, String> env, Path log) throws Exception {
            int port;
            try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
                port = free.getLocalPort();
            }
            ProcessBuilder builder = ServerProcess.launcherProcess(env).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.command().addAll(List.of("--host", "127.0.0.1", "--port", Integer.toString(port), "--shutdown-timeout-ms", "2000"));
            Launched launched = new Launched(builder.start(), log);
            java.net.http.HttpRequest health = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/health")).build();
            try {
                Await.await("/health answers 200", Duration.ofSeconds(60), () -> {
                    assertTrue(launched.process.isAlive(), "the server exited: " + launched.output());
                    try {
                        return ServerProcess.HTTP.send(health, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                    } catch (IOException e) {
                        return false;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                });
            } catch (AssertionError e) {
                launched.process.destroyForcibly();
                throw new AssertionError(e.getMessage() + ": " + launched.output(), e);
            }
            return launched;
        }

        List<String> commandLine() throws IOException {
            return List.of(new String(Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "cmdline")), StandardCharsets.UTF_8).split("\0"));
        }

        String output() {
            try {
                return Files.readString(log);
            } catch (IOException e) {
                return e.toString();
            }
        }

        /** SIGTERM; the JVM writes a cache it trained before it exits, which may take a while on a busy machine. */
        @Override
        public void close() throws Exception {
            process.destroy();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("not stopped within 120 s: " + output());
            }
            assertEquals(0, process.exitValue(), output());
        }
    }

    private static Path caches(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> all = files.toList();
            boolean assembling = all.stream().anyMatch(f -> f.toString().endsWith(".aot.config"));
            return assembling ? null : all.stream().filter(f -> f.toString().endsWith(".aot")).findFirst().orElse(null);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A JDK of {@code feature} or later: the test's own, else one in /usr/lib/jvm (the CI image has Temurin 25). */
    private static Optional<Path> jdk(int feature) throws IOException {
        Path own = Path.of(ProcessHandle.current().info().command().orElseThrow()).getParent().getParent();
        if (Runtime.version().feature() >= feature) {
            return Optional.of(own);
        }
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        try (Stream<Path> homes = Files.list(jvms)) {
            return homes.filter(home -> Files.isExecutable(home.resolve("bin/java")) && featureOf(home) >= feature).sorted().findFirst();
        }
    }

    private static int featureOf(Path home) {
        try {
            for (String line : Files.readAllLines(home.resolve("release"), StandardCharsets.UTF_8)) {
                if (line.startsWith("JAVA_VERSION=\"")) {
                    return Integer.parseInt(line.substring(14).split("[.\"+-]")[0]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    private record Run(int code, String output) { }

    /** The launcher run to its end (a command that does not start a server), with the test's JDK. */
    private static Run run(Map<String, String> env, String... args) throws Exception {
        ProcessBuilder builder = ServerProcess.launcherProcess(env).redirectErrorStream(true);
        builder.command().addAll(List.of(args));
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the launcher ended");
        return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
