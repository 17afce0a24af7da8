package org.pushserver.socket.engineio;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pushserver.testing.Await;
import org.pushserver.testing.EngineIoPolling;
import org.pushserver.testing.FrameSocket;
import org.pushserver.testing.HttpConnection;
import org.pushserver.testing.RawHttp;
import org.pushserver.testing.RunningServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pushserver.testing.EngineIoPolling.errorCode;
import static org.pushserver.testing.EngineIoPolling.only;

/**
 * The Engine.IO v4 protocol as its document states it (socket.io's {@code docs/engine.io-protocol/v4-current.md} and
 * its test suite), one rule per test, over raw HTTP and raw websocket frames, against a server with a short
 * heartbeat (1 s interval, 1 s timeout) so that the heartbeat rules are checked within seconds. Not shorter: every
 * test's session lives under that heartbeat, and a test machine that stalls for longer than interval + timeout
 * (seen at 0.6 s under load) would close a session that a test of another rule still uses.
 */
class EngineIoConformanceIT {
    static final int PING_INTERVAL = 1000;
    static final int PING_TIMEOUT = 1000;
    static final int MAX_PAYLOAD = 100_000;
    /** How late a close may come after its deadline on a shared 2-core machine ("a few ms" plus scheduling). */
    static final long SLACK_MS = 120;
    private static final Duration WAIT = Duration.ofSeconds(5);

    private static RunningServer server;
    private static EngineIoPolling polling;

    @BeforeAll
    static void start() {
        server = RunningServer.start("--ping-interval-ms", "" + PING_INTERVAL, "--ping-timeout-ms", "" + PING_TIMEOUT,
                "--max-frame-bytes", "" + MAX_PAYLOAD);
        polling = new EngineIoPolling(server.port());
        warmUp(server);
    }

    /**
     * One polling and one websocket session through the paths the tests time, so that the first timed test does not
     * measure class loading and the JIT (the heartbeat rules allow milliseconds).
     */
    static void warmUp(RunningServer server) {
        try {
            EngineIoPolling warm = new EngineIoPolling(server.port());
            for (int i = 0; i < 3; i++) {
                server.push(List.of("warm-up"), "warm-up", "1");
                String sid = warm.open();
                warm.post(sid, "40");
                warm.get(sid);
                warm.post(sid, "1");
                try (FrameSocket ws = FrameSocket.open(server.port(), "/socket.io/?EIO=4&transport=websocket")) {
                    openPacket(ws);
                    ws.text("40");
                    nextText(ws);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("warm-up failed", e);
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    // ---- handshake ----

    @Test
    void aPollingHandshakeAnswersSidUpgradesPingIntervalPingTimeoutAndMaxPayload() throws Exception {
        JsonNode open = polling.handshake();
        assertEquals(Set.of("sid", "upgrades", "pingInterval", "pingTimeout", "maxPayload"), fieldNames(open));
        assertTrue(open.path("sid").isTextual());
        assertEquals("[\"websocket\"]", open.path("upgrades").toString());
        assertEquals(PING_INTERVAL, open.path("pingInterval").asInt());
        assertEquals(PING_TIMEOUT, open.path("pingTimeout").asInt());
        assertEquals(MAX_PAYLOAD, open.path("maxPayload").asInt());
    }

    @Test
    void aWebSocketHandshakeAnswersTheSameFieldsWithNoUpgrades() throws Exception {
        try (FrameSocket ws = FrameSocket.open(server.port(), "/socket.io/?EIO=4&transport=websocket")) {
            JsonNode open = openPacket(ws);
            assertEquals(Set.of("sid", "upgrades", "pingInterval", "pingTimeout", "maxPayload"), fieldNames(open));
            assertEquals("[]", open.path("upgrades").toString());
            assertEquals(MAX_PAYLOAD, open.path("maxPayload").asInt());
        }
    }

    @Test
    void aMissingOrInvalidEioIsRefusedWith400AndCode5() throws Exception {
        assertEquals(5, errorCode(polling.request("GET", "transport=polling", "")));
        assertEquals(5, errorCode(polling.request("GET", "EIO=abc&transport=polling", "")));
    }

    @Test
    void aMissingOrUnknownTransportIsRefusedWith400AndCode0() throws Exception {
        assertEquals(0, errorCode(polling.request("GET", "EIO=4", "")));
        assertEquals(0, errorCode(polling.request("GET", "EIO=4&transport=abc", "")));
    }

    @Test
    void aHandshakeWithAnotherMethodThanGetIsRefusedWith400AndCode2() throws Exception {
        assertEquals(2, errorCode(polling.request("POST", "EIO=4&transport=polling", "40")));
        assertEquals(2, errorCode(polling.request("PUT", "EIO=4&transport=polling", "")));
    }

    @Test
    void aRequestWithAnUnknownSidIsRefusedWith400AndCode1() throws Exception {
        assertEquals(1, errorCode(polling.get("00000000-0000-0000-0000-000000000000")));
        assertEquals(1, errorCode(polling.post("no-such-session", "3")));
    }

    @Test
    void aWebSocketWithoutEioOrTransportIsNotOpened() {
        for (String query : List.of("transport=websocket", "EIO=abc&transport=websocket", "EIO=4")) {
            try (FrameSocket ws = FrameSocket.open(server.port(), "/socket.io/?" + query)) {
                FrameSocket.Frame first = ws.read(WAIT);
                assertTrue(first == null || first.opcode() == FrameSocket.CLOSE, query + " was opened: " + (first == null ? "" : first.text()));
            } catch (IOException refused) {
                assertTrue(refused.getMessage().contains("400"), query + ": " + refused.getMessage());
            }
        }
    }

    // ---- polling ----

    @Test
    void aPostIsAnsweredOkAndTextPollsComeAsTextPlainUtf8() throws Exception {
        RawHttp.Response handshake = only(polling.request("GET", "EIO=4&transport=polling", ""));
        assertEquals("text/plain; charset=UTF-8", handshake.header("content-type"));
        String sid = polling.open();
        RawHttp.Response posted = only(polling.post(sid, "40"));
        assertEquals(200, posted.status());
        assertEquals("ok", posted.bodyText());
        RawHttp.Response connected = only(polling.get(sid));
        assertTrue(connected.bodyText().startsWith("40{"), connected.bodyText());
        assertEquals("text/plain; charset=UTF-8", connected.header("content-type"));
    }

    @Test
    void aPostLargerThanMaxPayloadIsRefusedWith413AndEndsTheSession() throws Exception {
        String sid = polling.open();
        String fits = "42[\"user_login\",\"" + "a".repeat(MAX_PAYLOAD - 40) + "\"]";
        assertEquals(200, only(polling.post(sid, fits)).status());
        String tooLarge = "42[\"user_login\",\"" + "a".repeat(MAX_PAYLOAD) + "\"]";
        RawHttp.Exchange refused = polling.post(sid, tooLarge);
        assertTrue(refused.responses().isEmpty() || refused.responses().get(0).status() == 413, refused.toString());
        assertEquals(1, errorCode(polling.get(sid)));
    }

    @Test
    void aSecondGetWhileOneIsPendingIsRefusedWith400AndClosesTheSession() throws Exception {
        String sid = polling.open();
        CompletableFuture<RawHttp.Exchange> pending = pendingGet(sid);
        assertEquals(3, errorCode(polling.get(sid)));
        RawHttp.Response first = only(pending.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        assertEquals(200, first.status());
        assertEquals("1", first.bodyText());
        assertEquals(1, errorCode(polling.get(sid)));
    }

    @Test
    void anAbortedPendingGetEndsTheSession() throws Exception {
        String sid = polling.open();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
            socket.getOutputStream().write(("GET /socket.io/?EIO=4&transport=polling&sid=" + sid
                    + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
        } // aborted: closed before any answer
        Await.await("the session ends with its aborted poll", WAIT, () -> {
            try {
                return only(polling.post(sid, "3")).status() == 400;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void aPollingAnswerNeverPromisesKeepAliveOnAConnectionTheServerCloses() throws Exception {
        String sid = polling.open();
        List<String> checked = new ArrayList<>();
        String[][] requests = {
                {"GET", "/socket.io/?EIO=4&transport=polling", ""},
                {"POST", "/socket.io/?EIO=4&transport=polling&sid=" + sid, "40"},
                {"GET", "/socket.io/?EIO=4&transport=polling&sid=" + sid, ""},
                {"GET", "/socket.io/?EIO=4&transport=carrier-pigeon", ""},
                {"POST", "/socket.io/?EIO=4&transport=polling", "40"},
        };
        for (String[] request : requests) {
            try (HttpConnection connection = new HttpConnection(server.port())) {
                HttpConnection.Answer answer = connection.send(request[0], request[1], request[2]);
                assertNotNull(answer, request[0] + " " + request[1] + " was not answered");
                String said = answer.header("connection");
                if (said != null && said.equalsIgnoreCase("close")) {
                    assertTrue(connection.closedByServer(), request[1] + " said close but stayed open");
                } else { // kept alive, as promised: the next request on it is answered
                    assertNotNull(connection.send("GET", "/health/live", ""), request[0] + " " + request[1]
                            + " promised keep-alive (" + said + ") and then closed the connection");
                }
                checked.add(request[0] + " " + answer.status() + " " + said);
            }
        }
        assertEquals(requests.length, checked.size(), checked.toString());
    }

    // ---- heartbeat ----

    @Test
    void aPollingSessionGetsPingsAndLivesWhileItAnswersThem() throws Exception {
        String sid = polling.open();
        for (int i = 0; i < 3; i++) {
            assertEquals("2", only(polling.get(sid)).bodyText());
            assertEquals(200, only(polling.post(sid, "3")).status());
        }
    }

    @Test
    void aPollingSessionWhosePongsStopIsClosedAtPingIntervalPlusTimeout() throws Exception {
        long opened = System.nanoTime();
        String sid = polling.open();
        assertEquals("2", only(polling.get(sid)).bodyText()); // the ping, unanswered
        RawHttp.Exchange pending = polling.get(sid); // answered (or closed) when the session closes
        long closedMs = (System.nanoTime() - opened) / 1_000_000;
        assertTrue(pending.closed() || !pending.responses().isEmpty(), pending.toString());
        assertWithin(closedMs, PING_INTERVAL + PING_TIMEOUT, "the session's close");
        assertEquals(1, errorCode(polling.get(sid)));
    }

    @Test
    void aWebSocketGetsPingsAndLivesWhileItAnswersThem() throws Exception {
        try (FrameSocket ws = FrameSocket.open(server.port(), "/socket.io/?EIO=4&transport=websocket")) {
            openPacket(ws);
            ws.text("40");
            for (int pings = 0; pings < 3; ) {
                FrameSocket.Frame frame = ws.read(WAIT);
                assertNotNull(frame);
                assertEquals(FrameSocket.TEXT, frame.opcode(), "closed after " + pings + " pings");
                if (frame.text().equals("2")) {
                    ws.text("3");
                    pings++;
                }
            }
        }
    }

    @Test
    void aWebSocketWhosePongsStopIsClosedAtPingIntervalPlusTimeout() throws Exception {
        try (FrameSocket ws = FrameSocket.open(server.port(), "/socket.io/?EIO=4&transport=websocket")) {
            openPacket(ws);
            ws.text("40");
            long lastPong = answerPings(ws, 2);
            assertWithin(closedAfter(ws, lastPong), PING_INTERVAL + PING_TIMEOUT, "the close after the last pong");
        }
    }

    // ---- upgrade ----

    @Test
    void anUpgradeAnswersTheProbeAndGivesThePendingPollASingleNoop() throws Exception {
        String sid = polling.open();
        CompletableFuture<RawHttp.Exchange> pending = pendingGet(sid);
        try (FrameSocket ws = FrameSocket.open(server.port(), "/socket.io/?EIO=4&transport=websocket&sid=" + sid)) {
            ws.text("2probe");
            assertEquals("3probe", nextText(ws));
            assertEquals("6", only(pending.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).bodyText());
            ws.text("5");
            ws.text("40");
            assertTrue(nextText(ws).startsWith("40{"));
        }
    }

    @Test
    void aPollAfterTheProbeGetsASingleNoop() throws Exception {
        String sid = polling.open();
        try (FrameSocket ws = FrameSocket.open(server.port(), "/socket.io/?EIO=4&transport=websocket&sid=" + sid)) {
            ws.text("2probe");
            assertEquals("3probe", nextText(ws));
            assertEquals("6", only(polling.get(sid)).bodyText());
            ws.text("5");
        }
    }

    @Test
    void noNoopReachesTheWebSocketAfterTheUpgrade() throws Exception {
        String sid = polling.open();
        try (FrameSocket ws = upgrade(sid)) {
            ws.text("40");
            List<String> frames = new ArrayList<>();
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PING_INTERVAL * 2L);
            for (long left; (left = until - System.nanoTime()) > 0; ) {
                FrameSocket.Frame frame = ws.read(Duration.ofNanos(left));
                if (frame == null) {
                    break;
                }
                assertEquals(FrameSocket.TEXT, frame.opcode(), "closed after " + frames);
                frames.add(frame.text());
                if (frame.text().equals("2")) {
                    ws.text("3");
                }
            }
            assertFalse(frames.contains("6"), frames.toString());
            assertTrue(frames.get(0).startsWith("40{"), frames.toString());
        }
    }

    @Test
    void noPacketIsSentTwiceAcrossAnUpgrade() throws Exception {
        String sid = polling.open();
        assertEquals(200, only(polling.post(sid, "40\u001e421[\"user_login\",{\"tokenId\":\"upgrade-once\"}]")).status());
        StringBuilder received = new StringBuilder(pollAnsweringPings(sid));
        for (int polls = 1; !received.toString().contains("431["); polls++) {
            assertTrue(polls < 10, "no login ack in " + received);
            received.append('\u001e').append(pollAnsweringPings(sid));
        }
        // pushes before, during and after the upgrade, with a poll pending: within one ping interval
        CompletableFuture<RawHttp.Exchange> pending = polling.getLater(sid);
        server.push(List.of("upgrade-once"), "n", "1");
        try (FrameSocket ws = FrameSocket.open(server.port(), "/socket.io/?EIO=4&transport=websocket&sid=" + sid)) {
            ws.text("2probe");
            server.push(List.of("upgrade-once"), "n", "2");
            assertEquals("3probe", nextText(ws));
            received.append('\u001e').append(only(pending.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).bodyText());
            ws.text("5"); // at once: a ping queued for the paused polling side meanwhile could not be answered
            server.push(List.of("upgrade-once"), "n", "3");
            server.push(List.of("upgrade-once"), "n", "4");
            for (int frames = 0; !received.toString().contains("\"data\":4}"); frames++) {
                assertTrue(frames < 20, "push 4 missing from " + received);
                String frame = nextText(ws);
                if (frame.equals("2")) {
                    ws.text("3");
                }
                received.append('\u001e').append(frame);
            }
        }
        for (int n = 1; n <= 4; n++) {
            String message = "42[\"receive_message\",{\"entityType\":\"n\",\"data\":" + n + "}"; // an offset may follow
            assertEquals(1, received.toString().split(java.util.regex.Pattern.quote(message), -1).length - 1,
                    "push " + n + " in " + received);
        }
    }

    @Test
    void aPollWithTheSidOfAnUpgradedSessionIsRefusedWith400() throws Exception {
        String sid = polling.open();
        try (FrameSocket ws = upgrade(sid)) {
            // the "5" and this GET travel on two connections: until the server has read the "5", a poll gets a NOOP
            Await.await("a poll refused after the upgrade", WAIT, () -> {
                try {
                    return only(polling.get(sid)).status() == 400;
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertEquals(3, errorCode(polling.get(sid)));
            assertEquals(3, errorCode(polling.post(sid, "3")));
            ws.text("40");
            assertTrue(nextText(ws).startsWith("40{"), "the websocket serves on");
        }
    }

    @Test
    void aSecondWebSocketClaimingAnUpgradedSessionIsClosedAndNeverTakesItOver() throws Exception {
        String sid = polling.open();
        try (FrameSocket ws = upgrade(sid)) {
            assertSecondWebSocketRefused(sid);
            ws.text("40");
            assertTrue(nextText(ws).startsWith("40{"), "the first websocket serves on");
        }
    }

    @Test
    void aSecondWebSocketClaimingASessionDuringItsProbeIsClosed() throws Exception {
        String sid = polling.open();
        try (FrameSocket ws = FrameSocket.open(server.port(), "/socket.io/?EIO=4&transport=websocket&sid=" + sid)) {
            ws.text("2probe");
            assertEquals("3probe", nextText(ws));
            assertSecondWebSocketRefused(sid);
            ws.text("5");
            ws.text("40");
            assertTrue(nextText(ws).startsWith("40{"), "the first websocket completes the upgrade");
        }
    }

    @Test
    void aSecondWebSocketClaimingAWebSocketSessionIsClosed() throws Exception {
        try (FrameSocket ws = FrameSocket.open(server.port(), "/socket.io/?EIO=4&transport=websocket")) {
            String sid = openPacket(ws).path("sid").asText();
            assertSecondWebSocketRefused(sid);
            ws.text("40");
            assertTrue(nextText(ws).startsWith("40{"), "the first websocket serves on");
        }
    }

    // ---- helpers ----

    private static void assertSecondWebSocketRefused(String sid) throws IOException {
        try (FrameSocket second = FrameSocket.open(server.port(), "/socket.io/?EIO=4&transport=websocket&sid=" + sid)) {
            second.text("2probe");
            second.text("5");
            second.text("40");
            FrameSocket.Frame frame = second.read(WAIT);
            assertTrue(frame != null && frame.opcode() == FrameSocket.CLOSE,
                    "the second websocket got " + (frame == null ? "nothing, and stays open" : frame.text()));
        } catch (IOException refused) {
            assertTrue(refused.getMessage().contains("400"), refused.getMessage());
        }
    }

    /** One poll; a ping in its answer is answered with a pong, so the session lives on. */
    private static String pollAnsweringPings(String sid) throws IOException {
        RawHttp.Response answer = only(polling.get(sid));
        assertEquals(200, answer.status(), answer.bodyText());
        String body = answer.bodyText();
        if (java.util.Arrays.asList(body.split("\u001e")).contains("2")) {
            assertEquals(200, only(polling.post(sid, "3")).status());
        }
        return body;
    }

    /** Upgrades polling session {@code sid} to a websocket: probe, then upgrade. */
    static FrameSocket upgrade(String sid) throws IOException {
        FrameSocket ws = FrameSocket.open(server.port(), "/socket.io/?EIO=4&transport=websocket&sid=" + sid);
        ws.text("2probe");
        assertEquals("3probe", nextText(ws));
        ws.text("5");
        return ws;
    }

    /**
     * Starts a GET of {@code sid} and waits until the server holds it: one more connection than before it started
     * (or it was answered already).
     */
    private static CompletableFuture<RawHttp.Exchange> pendingGet(String sid) {
        int before = org.pushserver.testing.Footprint.tcpConnections(server.port());
        CompletableFuture<RawHttp.Exchange> poll = polling.getLater(sid);
        Await.await("a pending poll", WAIT, () -> poll.isDone() || org.pushserver.testing.Footprint.tcpConnections(server.port()) > before);
        return poll;
    }

    static JsonNode openPacket(FrameSocket ws) throws IOException {
        String open = nextText(ws);
        assertTrue(open.startsWith("0{"), open);
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(open.substring(1));
    }

    static String nextText(FrameSocket ws) throws IOException {
        FrameSocket.Frame frame = ws.read(WAIT);
        assertNotNull(frame, "no frame");
        assertEquals(FrameSocket.TEXT, frame.opcode(), "the connection ended");
        return frame.text();
    }

    /** Answers {@code count} pings; returns when the last pong went out ({@link System#nanoTime()}). */
    static long answerPings(FrameSocket ws, int count) throws IOException {
        long lastPong = System.nanoTime();
        for (int pings = 0; pings < count; ) {
            if (nextText(ws).equals("2")) {
                ws.text("3");
                lastPong = System.nanoTime();
                pings++;
            }
        }
        return lastPong;
    }

    /** Reads, answering nothing, until the connection ends; the milliseconds from {@code since} to then. */
    static long closedAfter(FrameSocket ws, long since) throws IOException {
        while (true) {
            FrameSocket.Frame frame = ws.read(WAIT);
            assertNotNull(frame, "still open " + WAIT + " later");
            if (frame.opcode() == FrameSocket.CLOSE) {
                return (System.nanoTime() - since) / 1_000_000;
            }
        }
    }

    static void assertWithin(long actualMs, long deadlineMs, String what) {
        assertTrue(actualMs >= deadlineMs - 30 && actualMs <= deadlineMs + SLACK_MS,
                what + " came after " + actualMs + " ms, expected " + deadlineMs + " ms (+" + SLACK_MS + ")");
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new java.util.TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
