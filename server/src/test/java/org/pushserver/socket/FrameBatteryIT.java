package org.pushserver.socket;

import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.Test;
import org.pushserver.testing.Baseline;
import org.pushserver.testing.Battery;
import org.pushserver.testing.Bystander;
import org.pushserver.testing.EngineIoSocket;
import org.pushserver.testing.FrameSocket;
import org.pushserver.testing.Mutations;
import org.pushserver.testing.RawHttp;
import org.pushserver.testing.RunningServer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Engine.IO/Socket.IO battery: thousands of bad websocket frames after a real handshake, and bad polling
 * requests (garbage bodies to a real session, unknown or malformed session ids, bad {@code EIO=} and
 * {@code transport=}). Each case ends in an answer, a close or disconnect, or an HTTP error status within a bounded
 * wait, never a hang; healthy websocket and polling clients get every push meanwhile; nothing is logged as ERROR;
 * afterwards sessions, connections and heap are back to their baseline. Seeded ({@code -Dbattery.seed=}), bounded
 * in count ({@code -Dbattery.frames=}, {@code -Dbattery.pollingCases=}) and in time.
 */
class FrameBatteryIT {
    private static final String KEY = "battery-key-" + "0123456789abcdef";
    private static final int MAX_FRAME = 16 * 1024;
    private static final int FRAMES = Integer.getInteger("battery.frames", 3000);
    private static final int POLLING_CASES = Integer.getInteger("battery.pollingCases", 1500);
    private static final Duration BOUND = Duration.ofSeconds(25);
    private static final Duration WAIT = Duration.ofSeconds(5); // pings every 0.5 s: a live session answers well within
    private static final Set<Integer> DEFINED = Set.of(200, 400, 413);
    private static final Pattern SID = Pattern.compile("\"sid\":\"([^\"]+)\"");

    private final ThreadLocal<EngineIoSocket> sockets = new ThreadLocal<>();
    private final Set<EngineIoSocket> opened = ConcurrentHashMap.newKeySet();

    @Test
    void everyBadFrameOrPollEndsCleanlyWhileHealthyClientsAreServedAndNothingLeaks() throws Exception {
        long seed = Mutations.fromSystemProperty().seed();
        System.out.println("battery socket: seed " + seed + " (replay with -Dbattery.seed=" + seed + ")");
        ResourceLeakDetector.Level leakLevel = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID); // every buffer tracked: a leak is logged as ERROR
        try (RunningServer server = RunningServer.start("--api-keys", KEY, "--max-frame-bytes", String.valueOf(MAX_FRAME),
                "--max-body-bytes", String.valueOf(MAX_FRAME), "--ping-interval-ms", "500", "--ping-timeout-ms", "2000",
                "--request-timeout-ms", "2000");
             Baseline baseline = Baseline.watch("socket", server);
             Bystander websocket = Bystander.start(server, "websocket", 100, "Authorization", "Bearer " + KEY);
             Bystander polling = Bystander.start(server, "polling", 100, "Authorization", "Bearer " + KEY)) {
            Battery.run("socket-warmup", seed ^ 1, 100, BOUND, 2, (i, m, tally) -> frame(server, i, m, tally));
            Battery.run("socket-warmup", seed ^ 2, 50, BOUND, 2, (i, m, tally) -> poll(server, i, m, tally));
            closeAll();
            baseline.measure(2); // the bystanders
            Battery.Result frames = Battery.run("websocket", seed, FRAMES, BOUND, 6, (i, m, tally) -> frame(server, i, m, tally));
            closeAll();
            System.out.println(frames.summary("outcomes"));
            System.out.println(frames.failures());
            Battery.Result polls = Battery.run("polling", seed, POLLING_CASES, BOUND, 6, (i, m, tally) -> poll(server, i, m, tally));
            System.out.println(polls.summary("statuses"));
            System.out.println(polls.failures());
            if (Boolean.getBoolean("battery.verbose")) {
                System.out.println("battery websocket by kind: " + frames.tally().byKind());
                System.out.println("battery polling by kind: " + polls.tally().byKind());
            }
            baseline.checkReturned(websocket.finish() + "; " + polling.finish());
            frames.assertNoFailures();
            polls.assertNoFailures();
        } finally {
            closeAll();
            ResourceLeakDetector.setLevel(leakLevel);
        }
    }

    /** Case {@code i}: frames on this worker's logged-in websocket (a new one when the last was closed), then a probe. */
    private void frame(RunningServer server, int i, Mutations m, Battery.Tally tally) throws Exception {
        FrameCases.Case c = new FrameCases(m, MAX_FRAME).next();
        EngineIoSocket socket = sockets.get();
        if (socket == null || socket.frames().closed() || c.beforeNamespace()) {
            if (socket != null) {
                socket.close();
            }
            socket = EngineIoSocket.open(server.port(), "battery-ws-" + Thread.currentThread().getName().hashCode(), !c.beforeNamespace());
            opened.add(socket);
            sockets.set(socket);
        }
        try {
            for (FrameCases.Send send : c.sends()) {
                if (send.raw()) {
                    socket.frames().raw(send.payload());
                } else {
                    socket.frames().frame(send.fin(), send.rsv(), send.opcode(), send.payload(), send.masked());
                }
            }
        } catch (IOException e) { // the server closed while we were still sending
            tally.outcome(c.kind(), "close");
            socket.close();
            return;
        }
        EngineIoSocket.Outcome outcome;
        try {
            outcome = socket.probe(WAIT);
        } catch (IOException e) {
            outcome = EngineIoSocket.Outcome.CLOSE;
        }
        tally.outcome(c.kind(), outcome.name().toLowerCase());
        if (outcome == EngineIoSocket.Outcome.HANG) {
            tally.fail(i, "no answer, close or disconnect within " + WAIT + " after " + c);
        }
        if (outcome != EngineIoSocket.Outcome.ANSWER) {
            socket.close();
        }
    }

    /** Case {@code i}: one bad polling request (to a fresh real session when it needs one), then a poll of that session. */
    private void poll(RunningServer server, int i, Mutations m, Battery.Tally tally) throws Exception {
        PollingCases.Case c = new PollingCases(m, MAX_FRAME).next();
        String sid = c.eio() > 0 ? handshake(server, c.eio(), m.chance(70)) : null;
        if (c.upgrade()) {
            upgrade(server, i, c, tally);
            return;
        }
        RawHttp.Exchange exchange = RawHttp.exchange(server.port(), c.request(sid), WAIT);
        record(i, c.kind(), exchange, c, tally);
        if (sid != null) {
            String query = "EIO=" + c.eio() + "&transport=polling&sid=" + sid;
            record(i, "then-poll", RawHttp.exchange(server.port(), new PollingCases.Case("poll", "GET", query, null, new byte[0], 0, false)
                    .request(sid), WAIT), c, tally);
        }
    }

    private static void upgrade(RunningServer server, int i, PollingCases.Case c, Battery.Tally tally) throws Exception {
        try (FrameSocket ws = FrameSocket.open(server.port(), "/socket.io/?" + c.query())) {
            FrameSocket.Frame first = ws.read(WAIT); // an open packet, or the close of a refused session
            tally.outcome(c.kind(), first == null ? "101 hang" : first.opcode() == FrameSocket.CLOSE ? "101 close" : "101 open");
            if (first == null) {
                tally.fail(i, "upgraded, then nothing within " + WAIT + ": " + c);
            }
        } catch (IOException e) { // refused: "no websocket upgrade: HTTP/1.1 400 Bad Request", or closed
            Matcher status = Pattern.compile("HTTP/1\\.1 (\\d{3})").matcher(String.valueOf(e.getMessage()));
            String outcome = status.find() ? status.group(1) : "close";
            tally.outcome(c.kind(), outcome);
            if (!outcome.equals("close") && !DEFINED.contains(Integer.parseInt(outcome))) {
                tally.fail(i, "upgrade refused with " + e.getMessage() + ": " + c);
            }
        }
    }

    private static void record(int i, String kind, RawHttp.Exchange exchange, PollingCases.Case c, Battery.Tally tally) {
        if (exchange.hung()) {
            tally.fail(i, kind + ": no answer and no close within " + WAIT + ": " + c);
        } else if (exchange.responses().isEmpty()) {
            tally.outcome(kind, "close");
        }
        for (RawHttp.Response response : exchange.responses()) {
            tally.outcome(kind, String.valueOf(response.status()));
            if (!DEFINED.contains(response.status())) {
                tally.fail(i, kind + ": status " + response.status() + " " + response.bodyText() + " for " + c);
            }
        }
    }

    /** A real polling session: the handshake, and (v4, when {@code connect}) the namespace CONNECT. */
    private static String handshake(RunningServer server, int eio, boolean connect) throws Exception {
        String query = "EIO=" + eio + "&transport=polling";
        RawHttp.Exchange open = RawHttp.exchange(server.port(), new PollingCases.Case("open", "GET", query, null, new byte[0], 0, false)
                .request(null), WAIT);
        Matcher sid = SID.matcher(open.responses().isEmpty() ? "" : open.responses().get(0).bodyText());
        if (!sid.find()) {
            throw new AssertionError("no polling handshake: " + open);
        }
        if (connect && eio == 4) {
            RawHttp.exchange(server.port(), new PollingCases.Case("connect", "POST", query + "&sid=" + sid.group(1), "text/plain;charset=UTF-8",
                    "40".getBytes(StandardCharsets.UTF_8), 0, false).request(null), WAIT);
        }
        return sid.group(1);
    }

    private void closeAll() {
        opened.forEach(EngineIoSocket::close);
        opened.clear();
    }
}
