package org.pushserver.socket;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pushserver.testing.Await;
import org.pushserver.testing.EngineIoSocket;
import org.pushserver.testing.ErrorLogExtension;
import org.pushserver.testing.FrameSocket;
import org.pushserver.testing.Footprint;
import org.pushserver.testing.RawHttp;
import org.pushserver.testing.RunningServer;
import org.pushserver.testing.ServerExtension;
import org.pushserver.testing.ServerHttp;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the frame battery found, one case each: bad Engine.IO input is answered, closed or refused, and leaves nothing behind. */
class EngineIoBadInputIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Pattern SID = Pattern.compile("\"sid\":\"([^\"]+)\"");
    @RegisterExtension
    static final ServerExtension server = ServerExtension.withArgs("--ping-interval-ms", "500", "--ping-timeout-ms", "2000");
    /** No bad input of any test here may be logged as ERROR. */
    @RegisterExtension
    final ErrorLogExtension log = ErrorLogExtension.noErrors();

    @Test
    void badEngineIoRequestsGetEngineIosOwn400InsteadOfA500OrASilentClose() throws Exception {
        assertEngineIoError(request("GET", "EIO=4&transport=carrier-pigeon", ""), 0);
        assertEngineIoError(request("GET", "EIO=4&transport=WEBSOCKET", ""), 0);
        assertEngineIoError(request("GET", "EIO=4&transport=polling&sid=not-a-session", ""), 1);
        assertEngineIoError(request("GET", "EIO=4&transport=polling&sid=00000000-0000-0000-0000-000000000000", ""), 1);
        assertEngineIoError(request("PUT", "EIO=4&transport=polling&sid=" + open(), ""), 3);
        assertEngineIoError(request("GET", "EIO=4&transport=polling&j=abc", ""), 3);
        assertEquals(Map.of(), log.errors(), "bad Engine.IO requests were logged as ERROR");
    }

    @Test
    void aClientAnnouncingAttachmentsIsClosedNoLaterThanItsNextFrameInsteadOfBufferingThemAll() throws Exception {
        try (EngineIoSocket socket = EngineIoSocket.open(server.port(), "attachments", true)) {
            socket.frames().text("4599999999-[\"user_login\",{\"_placeholder\":true,\"num\":0}]");
            try {
                socket.frames().text("42[\"user_login\",\"still-there\"]");
            } catch (java.io.IOException closedAlready) {
                // v4's packet check refuses the announcement itself: the connection may be gone before this frame
            }
            assertEquals(EngineIoSocket.Outcome.CLOSE, socket.probe(WAIT));
        }
        awaitNoSessions();
    }

    @Test
    void aBatchedV4PollIsHandledPacketByPacket() throws Exception {
        String sid = open();
        post(sid, "40\u001e421[\"user_login\",{\"tokenId\":\"batched\"}]");
        StringBuilder answers = new StringBuilder();
        for (int i = 0; i < 5 && !answers.toString().contains("431["); i++) { // each poll returns what is queued, or a ping
            answers.append(poll(sid).responses().get(0).bodyText()).append('|');
        }
        assertTrue(answers.toString().contains("40{") && answers.toString().contains("431[{\"ok\":true"), answers.toString());
        post(sid, "1");
        awaitNoSessions();
    }

    @Test
    void anAckIdBeyondAnIntGetsNoAckAndTheSocketServesOn() throws Exception {
        try (EngineIoSocket socket = EngineIoSocket.open(server.port(), "huge-ack", true)) {
            socket.frames().text("422147483648[\"user_login\",\"huge-ack\"]");
            assertEquals(EngineIoSocket.Outcome.ANSWER, socket.probe(WAIT)); // the next ack, with a sane id, arrives
        }
        awaitNoSessions();
    }

    @Test
    void aSessionClosedByItsOwnPacketsKeepsNoSocket() throws Exception {
        post(open(), "1\u001e40\u001e42[\"user_login\",\"closed-then-connected\"]"); // CLOSE, then CONNECT and login
        post(open(), "41\u001e40"); // the only socket leaves, then joins again
        try (EngineIoSocket socket = EngineIoSocket.open(server.port(), "noop-close-connect", true)) {
            // decodes as a NOOP, a CLOSE, then a NOOP with a CONNECT subtype
            socket.frames().send(FrameSocket.BINARY, new byte[] {(byte) 0xa6, 0x02, 0x21, (byte) 0xd5, 0x16, 0x50});
            assertEquals(EngineIoSocket.Outcome.CLOSE, socket.probe(WAIT));
        }
        awaitNoSessions();
        assertEquals(0, JSON.readTree(server.get("/health").body()).path("tokensOnline").asInt());
    }

    @Test
    void aPollPendingWhenItsSessionClosesIsAnswered() throws Exception {
        try (RunningServer quiet = RunningServer.start("--ping-interval-ms", "60000")) { // no ping answers the poll
            String sid = open(quiet);
            post(quiet, sid, "40");
            poll(quiet, sid); // the CONNECT answer: the next poll waits
            CompletableFuture<RawHttp.Exchange> pending = CompletableFuture.supplyAsync(() -> {
                try {
                    return poll(quiet, sid);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            // its connection is up (and its request on the way) before the session closes
            Await.await("the pending poll's connection", WAIT, () -> Footprint.tcpConnections(quiet.port()) >= 1);
            post(quiet, sid, "1");
            // answered with the CLOSE if it was waiting, or 400 if it came after: either way not left hanging
            RawHttp.Exchange answer = pending.get(WAIT.toMillis() * 2, TimeUnit.MILLISECONDS);
            assertTrue(!answer.hung() && !answer.responses().isEmpty(), answer.toString());
        }
    }

    private static void assertEngineIoError(RawHttp.Exchange exchange, int code) throws Exception {
        assertEquals(1, exchange.responses().size(), exchange.toString());
        assertEquals(400, exchange.responses().get(0).status(), exchange.toString());
        assertEquals(code, JSON.readTree(exchange.responses().get(0).body()).path("code").asInt(-1), exchange.toString());
    }

    private static void awaitNoSessions() {
        Await.await("no session left", Duration.ofSeconds(10), () -> {
            try {
                return JSON.readTree(server.get("/health").body()).path("connections").asInt() == 0;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static String open() throws Exception {
        return open(server);
    }

    /** A fresh Engine.IO v4 polling session's id. */
    private static String open(ServerHttp to) throws Exception {
        Matcher sid = SID.matcher(request(to, "GET", "EIO=4&transport=polling", "").responses().get(0).bodyText());
        assertTrue(sid.find());
        return sid.group(1);
    }

    private static void post(String sid, String payload) throws Exception {
        post(server, sid, payload);
    }

    private static void post(ServerHttp to, String sid, String payload) throws Exception {
        assertEquals(200, request(to, "POST", "EIO=4&transport=polling&sid=" + sid, payload).responses().get(0).status());
    }

    private static RawHttp.Exchange poll(String sid) throws Exception {
        return poll(server, sid);
    }

    private static RawHttp.Exchange poll(ServerHttp to, String sid) throws Exception {
        return request(to, "GET", "EIO=4&transport=polling&sid=" + sid, "");
    }

    private static RawHttp.Exchange request(String method, String query, String body) throws Exception {
        return request(server, method, query, body);
    }

    private static RawHttp.Exchange request(ServerHttp to, String method, String query, String body) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String head = method + " /socket.io/?" + query + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain;charset=UTF-8\r\n"
                + "Content-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n";
        return RawHttp.exchange(to.port(), (head + body).getBytes(StandardCharsets.UTF_8), WAIT);
    }
}
