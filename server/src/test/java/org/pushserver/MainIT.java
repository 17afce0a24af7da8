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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The packaged jar as users run it: flags, failures at start-up, and a graceful stop on SIGTERM. */
class MainIT {
    private static final String JAR = System.getProperty("pushserver.jar", "target/push-server.jar");

    private static Process start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-jar", JAR));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
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
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
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
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path config = Files.createTempFile("push-server", ".properties");
        Files.writeString(config, "API_KEYS=old-key-0123456789abcdef\n");
        Process process = start("--host", "127.0.0.1", "--port", String.valueOf(port), "--config", config.toString());
        try {
            BufferedReader log = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            CompletableFuture.supplyAsync(() -> readUntil(log, "listening on")).get(30, TimeUnit.SECONDS);
            CompletableFuture.runAsync(() -> readUntil(log, "\u0000"));
            HttpClient http = HttpClient.newHttpClient();
            assertEquals(200, push(http, port, "old-key-0123456789abcdef"));

            Files.writeString(config, "API_KEYS=new-key-0123456789abcdef\n");
            Process hup = new ProcessBuilder("kill", "-HUP", Long.toString(process.pid())).start();
            assertTrue(hup.waitFor(10, TimeUnit.SECONDS) && hup.exitValue() == 0, "kill -HUP");
            Await.await("the new key", Duration.ofSeconds(10), () -> push(http, port, "new-key-0123456789abcdef") == 200);
            assertEquals(401, push(http, port, "old-key-0123456789abcdef"));
            assertTrue(process.isAlive(), "a reload is not a restart");
        } finally {
            process.destroy();
            assertTrue(process.waitFor(20, TimeUnit.SECONDS));
            Files.deleteIfExists(config);
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
