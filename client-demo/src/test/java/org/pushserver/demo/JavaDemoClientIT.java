package org.pushserver.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The command-line client (target/client-demo.jar) run as a process against the server jar run as a process. */
class JavaDemoClientIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String TOKEN = "cli-user-1";

    private ServerProcess server;
    private Process client;

    @AfterEach
    void stopProcesses() throws InterruptedException {
        if (client != null && client.isAlive()) {
            client.destroy();
            if (!client.waitFor(10, TimeUnit.SECONDS)) {
                client.destroyForcibly();
            }
        }
        if (server != null) {
            server.stop();
        }
    }

    @Test
    @DisplayName("the Java demo client prints a push as one JSON line and gets pushes again after a server restart")
    void theJavaDemoClientPrintsAPushAndGetsPushesAgainAfterAServerRestart() throws Exception {
        server = ServerProcess.start();
        Path jar = Path.of(System.getProperty("demo.client.jar", "target/client-demo.jar"));
        assertTrue(Files.isRegularFile(jar), "no client jar at " + jar.toAbsolutePath());
        client = new ProcessBuilder(List.of(ServerProcess.javaBinary(), "-Xmx128m", "-jar", jar.toString(),
                "--url", server.url(), "--token", TOKEN, "--reconnect-delay-max", "1000")).start();
        LineWatcher out = new LineWatcher("client stdout", client.getInputStream());
        LineWatcher err = new LineWatcher("client stderr", client.getErrorStream());

        err.await(l -> l.contains("logged in as " + TOKEN), WAIT, "login status line");
        pushAndExpect(out, "first_push", 1);

        server.stop();
        err.await(l -> l.contains("disconnected"), WAIT, "disconnect status line");
        server.startAgain();
        err.await(l -> l.contains("logged in as " + TOKEN), WAIT, "login status line after the restart");
        pushAndExpect(out, "after_restart", 2);

        assertTrue(client.isAlive(), "the client is still running");
    }

    @Test
    @DisplayName("the Java demo client resumes with lastMessageId: a run started after the last id it printed gets exactly the pushes it missed, in order")
    void theJavaDemoClientResumesWithTheLastMessageIdItPrinted() throws Exception {
        server = ServerProcess.start();
        String token = "cli-resume-1";
        LineWatcher[] first = startClient(token);
        first[1].await(l -> l.contains("logged in as " + token), WAIT, "login status line");
        String seen = push(token, "before", 0);
        String line = first[0].await(l -> l.contains("\"before\""), WAIT, "the first push");
        assertEquals(seen, new JSONObject(line).getString("id"), "printed with its id");
        stopClient(); // the app goes away; it keeps the last id it printed

        List<String> missed = List.of(push(token, "missed", 1), push(token, "missed", 2));
        LineWatcher[] second = startClient(token, "--last-message-id", seen);
        second[1].await(l -> l.contains("resumed: 2 missed"), WAIT, "the resumed status line");
        for (String id : missed) {
            String got = second[0].await(l -> l.contains("\"missed\""), WAIT, "missed push " + id);
            assertEquals(id, new JSONObject(got).getString("id"), "the missed pushes, once each, in order");
        }
        String newer = push(token, "newer", 3);
        String got = second[0].await(l -> l.contains("\"newer\"") || l.contains("\"missed\""), WAIT, "the newer push");
        assertEquals(newer, new JSONObject(got).getString("id"), "nothing missed comes twice");
    }

    private LineWatcher[] startClient(String token, String... extra) throws Exception {
        Path jar = Path.of(System.getProperty("demo.client.jar", "target/client-demo.jar"));
        List<String> command = new java.util.ArrayList<>(List.of(ServerProcess.javaBinary(), "-Xmx128m", "-jar", jar.toString(),
                "--url", server.url(), "--token", token, "--reconnect-delay-max", "1000"));
        command.addAll(List.of(extra));
        client = new ProcessBuilder(command).start();
        return new LineWatcher[] {new LineWatcher("client stdout", client.getInputStream()),
            new LineWatcher("client stderr", client.getErrorStream())};
    }

    private void stopClient() throws InterruptedException {
        client.destroy();
        if (!client.waitFor(10, TimeUnit.SECONDS)) {
            client.destroyForcibly();
        }
    }

    private String push(String token, String entityType, int n) throws Exception {
        Http.Reply reply = Http.post(server.url() + "/api", "{\"tokens\":[\"" + token + "\"],\"entityType\":\""
                + entityType + "\",\"data\":{\"n\":" + n + "}}", null);
        assertEquals(200, reply.status(), reply.body());
        return reply.json().getString("id");
    }

    private void pushAndExpect(LineWatcher out, String entityType, int n) throws Exception {
        Http.Reply reply = Http.post(server.url() + "/api", "{\"tokens\":[\"" + TOKEN + "\"],\"entityType\":\""
                + entityType + "\",\"data\":{\"n\":" + n + ",\"text\":\"h\u00e9llo\"}}", null);
        assertEquals(200, reply.status(), reply.body());
        assertEquals(1, reply.json().getInt("sockets"), reply.body());

        String line = out.await(l -> l.contains(entityType), WAIT, "a JSON line for " + entityType);
        JSONObject message = new JSONObject(line);
        assertEquals(entityType, message.getString("entityType"));
        assertEquals(n, message.getJSONObject("data").getInt("n"));
        assertEquals("h\u00e9llo", message.getJSONObject("data").getString("text"));
    }
}
