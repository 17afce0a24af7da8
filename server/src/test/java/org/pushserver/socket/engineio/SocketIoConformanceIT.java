package org.pushserver.socket.engineio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pushserver.testing.EngineIoPolling;
import org.pushserver.testing.FrameSocket;
import org.pushserver.testing.RawHttp;
import org.pushserver.testing.RunningServer;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pushserver.socket.engineio.EngineIoConformanceIT.PING_INTERVAL;
import static org.pushserver.socket.engineio.EngineIoConformanceIT.PING_TIMEOUT;
import static org.pushserver.socket.engineio.EngineIoConformanceIT.answerPings;
import static org.pushserver.socket.engineio.EngineIoConformanceIT.assertWithin;
import static org.pushserver.socket.engineio.EngineIoConformanceIT.closedAfter;
import static org.pushserver.socket.engineio.EngineIoConformanceIT.nextText;
import static org.pushserver.socket.engineio.EngineIoConformanceIT.openPacket;
import static org.pushserver.testing.EngineIoPolling.errorCode;
import static org.pushserver.testing.EngineIoPolling.only;

/**
 * The Socket.IO v5 protocol as its document states it (socket.io's {@code docs/socket.io-protocol/v5-current.md} and
 * its test suite), one rule per test, over raw websocket frames and raw polling, against a server with a short
 * heartbeat (1 s interval, 1 s timeout); v4 (Engine.IO v3, the 2.x clients) where it differs.
 */
class SocketIoConformanceIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Well under the heartbeat's 2 s: a bad packet must close the connection before the heartbeat would. */
    private static final Duration AT_ONCE = Duration.ofMillis(250);
    /** Longer than the heartbeat (interval + timeout), so that the heartbeat rules are seen before it. */
    private static final int CONNECT_TIMEOUT = 3_000;
    private static RunningServer server;

    @BeforeAll
    static void start() {
        server = RunningServer.start("--ping-interval-ms", "" + PING_INTERVAL, "--ping-timeout-ms", "" + PING_TIMEOUT,
                "--connect-timeout-ms", "" + CONNECT_TIMEOUT);
        EngineIoConformanceIT.warmUp(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    // ---- connect ----

    @Test
    void theConnectReplyCarriesASocketIoSidDistinctFromTheEngineIoSid() throws Exception {
        try (FrameSocket ws = webSocket()) {
            String engineSid = openPacket(ws).path("sid").asText();
            ws.text("40");
            String reply = nextText(ws);
            assertTrue(reply.startsWith("40{"), reply);
            JsonNode data = JSON.readTree(reply.substring(2));
            // sid, and pid: the private id of connection-state recovery (on by default)
            assertEquals(Set.of("sid", "pid"), Set.copyOf(iterate(data)));
            assertTrue(data.path("sid").isTextual() && !data.path("sid").asText().isEmpty(), reply);
            assertNotEquals(engineSid, data.path("sid").asText());
            assertNotEquals(data.path("sid").asText(), data.path("pid").asText());
        }
    }

    @Test
    void aConnectWithAPayloadIsAccepted() throws Exception {
        try (FrameSocket ws = webSocket()) {
            openPacket(ws);
            ws.text("40{\"token\":\"123\"}");
            String reply = nextText(ws);
            assertTrue(reply.startsWith("40{") && JSON.readTree(reply.substring(2)).path("sid").isTextual(), reply);
        }
    }

    @Test
    void aConnectToAnUnknownNamespaceGetsTheObjectFormOfConnectError() throws Exception {
        try (FrameSocket ws = webSocket()) {
            openPacket(ws);
            ws.text("40/random");
            assertEquals("44/random,{\"message\":\"Invalid namespace\"}", nextText(ws));
        }
    }

    @Test
    void aV4ClientKeepsTheStringFormOfConnectError() throws Exception {
        try (FrameSocket ws = FrameSocket.open(server.port(), "/socket.io/?EIO=3&transport=websocket")) {
            openPacket(ws);
            assertEquals("40", nextText(ws)); // Engine.IO v3: the server joins the default namespace by itself
            ws.text("40/random,");
            assertEquals("44/random,\"Invalid namespace\"", nextText(ws));
        }
    }

    @Test
    void aConnectionThatNeverSendsConnectIsClosedAfterTheConnectTimeout() throws Exception {
        try (FrameSocket ws = webSocket()) {
            long opened = System.nanoTime();
            openPacket(ws);
            long closedMs;
            while (true) { // answers every ping: only the connect timeout may close it
                FrameSocket.Frame frame = ws.read(Duration.ofSeconds(5));
                assertTrue(frame != null, "still open 5 s later");
                if (frame.opcode() == FrameSocket.CLOSE) {
                    closedMs = (System.nanoTime() - opened) / 1_000_000;
                    break;
                }
                if (frame.text().equals("2")) {
                    ws.text("3");
                }
            }
            assertWithin(closedMs, CONNECT_TIMEOUT, "the close of a connection without CONNECT");
        }
    }

    @Test
    void aConnectedSocketOutlivesTheConnectTimeout() throws Exception {
        try (FrameSocket ws = webSocket()) {
            openPacket(ws);
            ws.text("40");
            assertTrue(nextText(ws).startsWith("40{"));
            answerPings(ws, (CONNECT_TIMEOUT / PING_INTERVAL) + 2);
        }
    }

    // ---- heartbeat in every state ----

    @Test
    void aSessionThatNeverConnectsIsClosedAtPingIntervalPlusTimeoutWhenItsPongsStop() throws Exception {
        try (FrameSocket ws = webSocket()) {
            long opened = System.nanoTime();
            openPacket(ws);
            assertWithin(closedAfter(ws, opened), PING_INTERVAL + PING_TIMEOUT, "the close before CONNECT");
        }
    }

    @Test
    void aSocketThatLeftItsNamespaceIsClosedNoLaterThanPingIntervalPlusTimeout() throws Exception {
        try (FrameSocket ws = webSocket()) {
            openPacket(ws);
            ws.text("40");
            assertTrue(nextText(ws).startsWith("40{"));
            long lastPong = answerPings(ws, 1);
            ws.text("41");
            long closedMs = closedAfter(ws, lastPong);
            assertTrue(closedMs <= PING_INTERVAL + PING_TIMEOUT + EngineIoConformanceIT.SLACK_MS, "closed after " + closedMs + " ms");
        }
    }

    @Test
    void aSessionRefusedANamespaceIsClosedAtPingIntervalPlusTimeoutWhenItsPongsStop() throws Exception {
        try (FrameSocket ws = webSocket()) {
            openPacket(ws);
            ws.text("40/random,");
            assertTrue(nextText(ws).startsWith("44/random,"));
            long lastPong = answerPings(ws, 1);
            assertWithin(closedAfter(ws, lastPong), PING_INTERVAL + PING_TIMEOUT, "the close after a refused CONNECT");
        }
    }

    @Test
    void aLoggedInSocketIsClosedAtPingIntervalPlusTimeoutWhenItsPongsStop() throws Exception {
        try (FrameSocket ws = webSocket()) {
            openPacket(ws);
            ws.text("40");
            assertTrue(nextText(ws).startsWith("40{"));
            ws.text("421[\"user_login\",{\"tokenId\":\"heartbeat\"}]");
            long lastPong = answerPings(ws, 1);
            assertWithin(closedAfter(ws, lastPong), PING_INTERVAL + PING_TIMEOUT, "the close of a logged-in socket");
        }
    }

    // ---- bad packets close at once ----

    @Test
    void anUnknownSocketIoPacketTypeClosesTheConnectionAtOnce() throws Exception {
        assertClosesAtOnce("4abc");
        assertClosesAtOnce("47[\"x\"]");
        assertClosesAtOnce("4");
    }

    @Test
    void anUnknownEngineIoPacketTypeClosesTheConnectionAtOnce() throws Exception {
        assertClosesAtOnce("abc");
        assertClosesAtOnce("9");
    }

    @Test
    void anEventWhosePayloadIsNoArrayClosesTheConnectionAtOnce() throws Exception {
        assertClosesAtOnce("42{}");
        assertClosesAtOnce("42[]");
        assertClosesAtOnce("42[\"unterminated\"");
        assertClosesAtOnce("42[\"connect\"]"); // a reserved event name
    }

    @Test
    void anInvalidAckIdClosesTheConnectionAtOnce() throws Exception {
        assertClosesAtOnce("42abc[\"message-with-ack\",1,\"2\",{\"3\":[false]}]");
        assertClosesAtOnce("431x[]");
    }

    @Test
    void anUnexpectedBinaryFrameClosesTheConnectionAtOnce() throws Exception {
        try (FrameSocket ws = connected()) {
            ws.send(FrameSocket.BINARY, new byte[] {1, 2, 3, 4});
            assertClosed(ws, "a binary frame");
        }
    }

    @Test
    void aBase64PacketIsNeverReadAsAnotherPacketType() throws Exception {
        assertClosesAtOnce("bAQIDBA=="); // 'b' & 0xF would be a PING to netty-socketio's decoder
        EngineIoPolling polling = new EngineIoPolling(server.port());
        String sid = polling.open();
        RawHttp.Exchange posted = polling.post(sid, "bAQIDBA==");
        assertTrue(posted.responses().isEmpty() || posted.responses().get(0).status() == 400, posted.toString());
        RawHttp.Exchange next = polling.get(sid);
        assertEquals(1, errorCode(next), "the session was closed, no pong \"3AQIDBA==\" was queued: " + next);
    }

    @Test
    void aBadPacketPostedOverPollingIsRefusedWith400AndClosesTheSession() throws Exception {
        EngineIoPolling polling = new EngineIoPolling(server.port());
        for (String bad : List.of("42{}", "4abc", "40\u001e42abc[\"x\"]", "5")) {
            String sid = polling.open();
            assertEquals(3, errorCode(polling.post(sid, bad)), bad);
            assertEquals(1, errorCode(polling.get(sid)), bad);
        }
        String sid = polling.open();
        assertEquals("ok", only(polling.post(sid, "40\u001e42[\"user_logout\"]")).bodyText(), "good packets pass");
    }

    // ---- helpers ----

    private static void assertClosesAtOnce(String packet) throws IOException {
        try (FrameSocket ws = connected()) {
            ws.text(packet);
            assertClosed(ws, packet);
        }
    }

    private static void assertClosed(FrameSocket ws, String after) throws IOException {
        long deadline = System.nanoTime() + AT_ONCE.toNanos();
        for (long left; (left = deadline - System.nanoTime()) > 0; ) {
            FrameSocket.Frame frame = ws.read(Duration.ofNanos(left));
            if (frame != null && frame.opcode() == FrameSocket.CLOSE) {
                return;
            }
        }
        throw new AssertionError("still open " + AT_ONCE.toMillis() + " ms after " + after);
    }

    private static FrameSocket webSocket() throws IOException {
        return FrameSocket.open(server.port(), "/socket.io/?EIO=4&transport=websocket");
    }

    /** A websocket joined to the default namespace. */
    private static FrameSocket connected() throws IOException {
        FrameSocket ws = webSocket();
        openPacket(ws);
        ws.text("40");
        assertTrue(nextText(ws).startsWith("40{"));
        return ws;
    }

    private static List<String> iterate(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
