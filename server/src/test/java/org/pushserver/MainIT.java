package org.pushserver;

import org.junit.jupiter.api.Test;
import org.pushserver.testing.Await;
import org.pushserver.testing.SocketClient;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The packaged jar as users run it: flags, failures at start-up, and a graceful stop on SIGTERM. */
class MainIT {
    private static final String JAR = System.getProperty("pushserver.jar", "target/push-server.jar");

    private static Process start(String... args) throws IOException {
        return start(Map.of(), args);
    }

    private static Process start(Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-jar", JAR));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        return builder.start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket free = new ServerSocket(0)) {
            return free.getLocalPort();
        }
    }

    /** The jar started and listening, its output kept; signalled and stopped by its PID. */
    private record RunningJar(Process process, StringBuffer output) {
        static RunningJar start(Map<String, String> env, String... args) throws Exception {
            RunningJar jar = new RunningJar(MainIT.start(env, args), new StringBuffer());
            BufferedReader reader = new BufferedReader(new InputStreamReader(jar.process.getInputStream(), StandardCharsets.UTF_8));
            CompletableFuture.runAsync(() -> reader.lines().forEach(line -> jar.output.append(line).append('\n')));
            try {
                Await.await("the jar listens", Duration.ofSeconds(30), () -> {
                    assertTrue(jar.process.isAlive(), "the jar exited: " + jar.output);
                    return jar.log().contains("listening on");
                });
            } catch (AssertionError e) {
                jar.stop();
                throw e;
            }
            return jar;
        }

        String log() {
            return output.toString();
        }

        boolean isAlive() {
            return process.isAlive();
        }

        void hangUp() throws Exception {
            Process hup = new ProcessBuilder("kill", "-HUP", Long.toString(process.pid())).start();
            assertTrue(hup.waitFor(10, TimeUnit.SECONDS) && hup.exitValue() == 0, "kill -HUP " + process.pid());
        }

        void stop() throws InterruptedException {
            process.destroy(); // SIGTERM to its PID
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("no exit within 20 s of SIGTERM: " + log());
            }
        }
    }

    private static String output(Process process) throws Exception {
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "process did not exit");
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void helpListsEveryOptionAndExitsZero() throws Exception {
        Process process = start("--help");
        String out = output(process);
        assertEquals(0, process.exitValue());
        assertTrue(out.contains("--max-body-bytes") && out.contains("MAX_BODY_BYTES") && out.contains("(default: 4001)"), out);
    }

    @Test
    void anInvalidSettingStopsStartUpNamingTheKey() throws Exception {
        Process process = start("--port", "not-a-port");
        String out = output(process);
        assertEquals(2, process.exitValue());
        assertTrue(out.contains("PORT (--port)"), out);
    }

    @Test
    void sigtermClosesSocketsAndExitsZero() throws Exception {
        int port = freePort();
        Process process = start("--host", "127.0.0.1", "--port", String.valueOf(port));
        try {
            BufferedReader log = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            CompletableFuture<String> started = CompletableFuture.supplyAsync(() -> readUntil(log, "listening on"));
            assertTrue(started.get(30, TimeUnit.SECONDS).contains("PROTECTED MODE"));
            CompletableFuture.runAsync(() -> readUntil(log, "\u0000")); // keep draining the log

            SocketClient client = SocketClient.connect("http://127.0.0.1:" + port, "websocket");
            CompletableFuture<Object> closed = new CompletableFuture<>();
            client.raw().on(io.socket.client.Socket.EVENT_DISCONNECT, args -> closed.complete(args.length > 0 ? args[0] : ""));
            client.loginAs("drained");

            process.destroy(); // SIGTERM
            assertTrue(process.waitFor(20, TimeUnit.SECONDS), "no exit within the shutdown bound");
            assertEquals(0, process.exitValue());
            // The connection is closed, not a Socket.IO "io server disconnect": real clients reconnect on their own.
            String reason = String.valueOf(closed.get(10, TimeUnit.SECONDS));
            assertTrue(reason.equals("transport close") || reason.equals("transport error"), reason);
            client.close();
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void sighupRotatesTheApiKeysFromTheConfigFileWithoutARestart() throws Exception {
        int port = freePort();
        Path config = Files.createTempFile("push-server", ".properties");
        Files.writeString(config, "API_KEYS=old-key-0123456789abcdef\n");
        RunningJar process = RunningJar.start(Map.of(), "--host", "127.0.0.1", "--port", String.valueOf(port), "--config", config.toString());
        try {
            HttpClient http = HttpClient.newHttpClient();
            assertEquals(200, push(http, port, "old-key-0123456789abcdef"));

            Files.writeString(config, "API_KEYS=new-key-0123456789abcdef\n");
            process.hangUp();
            Await.await("the new key", Duration.ofSeconds(10), () -> push(http, port, "new-key-0123456789abcdef") == 200);
            assertEquals(401, push(http, port, "old-key-0123456789abcdef"));
            assertTrue(process.isAlive(), "a reload is not a restart");
        } finally {
            process.stop();
            Files.deleteIfExists(config);
        }
    }

    @Test
    void sighupRotatesTheApiAndOpsKeysFromTheirKeyFiles() throws Exception {
        int port = freePort();
        Path apiKeys = Files.createTempFile("push-server-api", ".keys");
        Path opsKeys = Files.createTempFile("push-server-ops", ".keys");
        Files.writeString(apiKeys, "# publishers\nold-key-0123456789abcdef\n");
        Files.writeString(opsKeys, "old-ops-0123456789abcdef\n");
        RunningJar process = RunningJar.start(Map.of("OPS_KEYS_FILE", opsKeys.toString()),
                "--host", "127.0.0.1", "--port", String.valueOf(port), "--api-keys-file", apiKeys.toString());
        try {
            HttpClient http = HttpClient.newHttpClient();
            assertEquals(200, push(http, port, "old-key-0123456789abcdef"));
            assertEquals(200, metrics(http, port, "old-ops-0123456789abcdef"));

            Files.writeString(apiKeys, "# publishers, rotated\n\nnew-key-0123456789abcdef\n");
            Files.writeString(opsKeys, "new-ops-0123456789abcdef\n");
            process.hangUp();
            Await.await("the new API key", Duration.ofSeconds(10), () -> push(http, port, "new-key-0123456789abcdef") == 200);
            Await.await("the new ops key", Duration.ofSeconds(10), () -> metrics(http, port, "new-ops-0123456789abcdef") == 200);
            assertEquals(401, push(http, port, "old-key-0123456789abcdef"), "the old API key is refused");
            assertEquals(401, metrics(http, port, "old-ops-0123456789abcdef"), "the old ops key is refused");

            Files.writeString(apiKeys, "# emptied by mistake\n");
            process.hangUp();
            Await.await("the refused reload is logged", Duration.ofSeconds(10), () -> process.log().contains("reload refused"));
            assertEquals(200, push(http, port, "new-key-0123456789abcdef"), "an invalid file keeps the running keys");
            assertTrue(process.isAlive(), "a reload is not a restart");
        } finally {
            process.stop();
            Files.deleteIfExists(apiKeys);
            Files.deleteIfExists(opsKeys);
        }
    }

    @Test
    void aKeySetInlineAndAsAFileStopsStartUpNamingBoth() throws Exception {
        Path apiKeys = Files.createTempFile("push-server-api", ".keys");
        try {
            Files.writeString(apiKeys, "file-key-0123456789abcdef\n");
            Process process = start(Map.of("API_KEYS", "inline-key-0123456789abcdef"), "--api-keys-file", apiKeys.toString());
            String out = output(process);
            assertEquals(2, process.exitValue(), out);
            assertTrue(out.contains("API_KEYS (--api-keys) and API_KEYS_FILE (--api-keys-file) are both set"), out);
            assertFalse(out.contains("key-0123456789abcdef"), "never the keys: " + out);
        } finally {
            Files.deleteIfExists(apiKeys);
        }
    }

    private static int push(HttpClient http, int port, String key) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api"))
                    .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"tokens\":[\"x\"],\"entityType\":\"t\",\"data\":1}"))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static int metrics(HttpClient http, int port, String opsKey) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                    .header("Authorization", "Bearer " + opsKey).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String readUntil(BufferedReader reader, String marker) {
        try {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.contains(marker)) {
                    return line;
                }
            }
            return "";
        } catch (IOException e) {
            return "";
        }
    }
}
