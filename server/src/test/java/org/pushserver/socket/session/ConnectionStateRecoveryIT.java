package org.pushserver.socket.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.pushserver.testing.ClientEvents;
import org.pushserver.testing.NodeResumingClient;
import org.pushserver.testing.NodeScript;
import org.pushserver.testing.RawWebSocket;
import org.pushserver.testing.ResumingClient;
import org.pushserver.testing.ResumingClient.Mode;
import org.pushserver.testing.RunningServer;
import org.pushserver.testing.TcpProxy;
import org.pushserver.testing.TcpProxy.Side;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The limits of connection-state recovery (unchanged socket.io-client 4.8.1 under Node, and a raw Engine.IO v4
 * websocket for what no honest client sends): the window, a forged pid, a pid reused while its session is live, an
 * offset from another session. None of them gains a room or a message.
 */
@DisplayName("Connection-state recovery: its window and bad pids and offsets")
class ConnectionStateRecoveryIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final long WINDOW_MS = 1000;
    private static RunningServer server;

    @BeforeAll
    static void start() throws Exception {
        NodeScript.requireNode("ConnectionStateRecoveryIT");
        server = RunningServer.start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static String token() {
        return "csr-" + UUID.randomUUID();
    }

    @Test
    void aClientBackAfterTheRecoveryWindowIsNotRecoveredAndMustLogInAgain() throws Exception {
        String token = token();
        try (RunningServer shortWindow = RunningServer.start("--recovery-window-ms", String.valueOf(WINDOW_MS));
             TcpProxy proxy = TcpProxy.to(shortWindow.port());
             ResumingClient client = unchanged48(proxy.url(), token)) {
            ClientEvents events = client.events();
            cutAfterOnePush(shortWindow, proxy, events, token);
            shortWindow.push(List.of(token), "n", "{\"i\":1}");
            Thread.sleep(WINDOW_MS * 2); // the subject of the test: the window passes while the client is away
            proxy.accept();

            assertFalse(events.await("connect", 1, WAIT).path("recovered").asBoolean(), () -> "recovered after the window: " + events);
            assertTrue(events.await("login", 1, WAIT).path("ack").path("ok").asBoolean(), "the page logs in anew");
            shortWindow.push(List.of(token), "marker", "null");
            List<JsonNode> got = events.awaitMessages(2, WAIT);
            assertEquals("marker", got.get(1).path("entityType").asText(), () -> "nothing from the lost session is replayed: " + events);
        }
    }

    @Test
    void aForgedPidIsNotRecoveredAndGainsNoRoom() throws Exception {
        String victim = token();
        String pid = UUID.randomUUID().toString();
        try (RawWebSocket forged = RawWebSocket.open(server)) {
            JsonNode reply = connect(forged, "{\"pid\":\"" + pid + "\",\"offset\":\"1\"}");
            assertFalse(recovered(reply, pid), () -> "a forged pid: " + reply);
            server.push(List.of(victim), "secret", "1");
            assertNoMessageBeforeItsOwnMarker(forged);
        }
    }

    @Test
    void aPidReusedWhileItsRecoveredSessionIsLiveIsNotRecoveredAndGainsNoRoom() throws Exception {
        String token = token();
        try (TcpProxy proxy = TcpProxy.to(server.port());
             ResumingClient client = unchanged48(proxy.url(), token)) {
            ClientEvents events = client.events();
            JsonNode left = cutAfterOnePush(server, proxy, events, token);
            String pid = left.path("pid").asText();
            String offset = left.path("offset").asText();
            assertFalse(pid.isEmpty(), () -> "the CONNECT reply carried a pid: " + events);
            proxy.accept();
            assertTrue(events.await("connect", 1, WAIT).path("recovered").asBoolean(), () -> "the real client recovers: " + events);

            try (RawWebSocket thief = RawWebSocket.open(server)) {
                JsonNode reply = connect(thief, "{\"pid\":\"" + pid + "\",\"offset\":\"" + offset + "\"}");
                assertFalse(recovered(reply, pid), () -> "a pid is single-use: " + reply);
                server.push(List.of(token), "n", "{\"i\":1}");
                assertNoMessageBeforeItsOwnMarker(thief);
            }
            assertEquals(2, events.awaitMessages(2, WAIT).size(), "the real client still gets its pushes");
        }
    }

    @Test
    void anOffsetFromAnotherSessionRecoversNothingOfEither() throws Exception {
        String mine = token();
        String theirs = token();
        try (TcpProxy myProxy = TcpProxy.to(server.port());
             ResumingClient me = unchanged48(myProxy.url(), mine);
             ResumingClient them = unchanged48(server.url(), theirs)) {
            them.events().await("login", 0, WAIT);
            server.push(List.of(theirs), "secret", "{\"i\":0}");
            String theirOffset = them.events().await("message", 0, WAIT).path("offset").asText();
            assertFalse(theirOffset.isEmpty(), () -> "each receive_message carries its offset: " + them.events());
            String myPid = cutAfterOnePush(server, myProxy, me.events(), mine).path("pid").asText(); // I stay away
            server.push(List.of(mine), "n", "{\"i\":1}");
            server.push(List.of(theirs), "secret", "{\"i\":1}");

            try (RawWebSocket mixed = RawWebSocket.open(server)) {
                JsonNode reply = connect(mixed, "{\"pid\":\"" + myPid + "\",\"offset\":\"" + theirOffset + "\"}");
                assertFalse(recovered(reply, myPid), () -> "my pid with their offset: " + reply);
                assertNoMessageBeforeItsOwnMarker(mixed);
            }
        }
    }

    /** An unchanged socket.io-client 4.8.1 page (connection-state recovery only) on websocket. */
    private static ResumingClient unchanged48(String url, String token) {
        return NodeResumingClient.line("4.8.1").start(new ResumingClient.Options(url, token, Mode.RECOVERY, "websocket", false));
    }

    /**
     * Waits for the client's login, gets it one push, then cuts it off (server side first) and keeps it away: its
     * session is saved. Returns its disconnect event, with the {@code pid} and last {@code offset} it holds.
     */
    private static JsonNode cutAfterOnePush(RunningServer on, TcpProxy proxy, ClientEvents events, String token) {
        events.await("login", 0, WAIT);
        on.push(List.of(token), "n", "{\"i\":0}");
        events.awaitMessages(1, WAIT);
        proxy.refuse();
        proxy.sever(Side.SERVER);
        return events.await("disconnect", 0, WAIT);
    }

    /** Sends CONNECT with {@code auth} and returns the CONNECT reply's payload. */
    private static JsonNode connect(RawWebSocket socket, String auth) throws Exception {
        socket.send("40" + auth);
        String reply = socket.expect("4");
        assertTrue(reply.startsWith("40{"), () -> "a bad pid is no reason to refuse the connection, only the recovery: " + reply);
        return JSON.readTree(reply.substring(2));
    }

    /** socket.io-client's own rule: recovered when the reply carries the pid it sent. */
    private static boolean recovered(JsonNode reply, String sentPid) {
        return sentPid.equals(reply.path("pid").asText());
    }

    /** Logs {@code socket} in as a fresh token and pushes it a marker: the first event it gets must be that marker. */
    private static void assertNoMessageBeforeItsOwnMarker(RawWebSocket socket) throws Exception {
        String own = token();
        socket.send("421[\"user_login\",{\"tokenId\":\"" + own + "\"}]");
        List<String> frames = new ArrayList<>();
        for (String f = socket.expect(""); !f.startsWith("431"); f = socket.expect("")) {
            frames.add(f);
        }
        server.push(List.of(own), "marker", "null");
        String first = socket.expect("");
        while (!first.startsWith("42")) { // pings and the like
            frames.add(first);
            first = socket.expect("");
        }
        String event = first;
        assertTrue(event.contains("\"marker\""), () -> "a message reached a socket that recovered nothing: " + event);
        assertTrue(frames.stream().noneMatch(f -> f.startsWith("42")), () -> "messages before the login ack: " + frames);
    }
}
