package org.pushserver.socket;

import org.pushserver.socket.guard.SocketErrors;
import org.pushserver.testing.Await;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.pushserver.logging.LibraryNoiseFilter;
import org.pushserver.testing.ErrorLog;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pushserver.testing.RawWebSocket;
import org.pushserver.testing.ServerExtension;
import org.pushserver.testing.SocketClient;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What one client sends or fails to read costs that client only: everyone else is served on. */
class SocketAbuseIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    static final ServerExtension server = ServerExtension.withArgs("--max-frame-bytes", "16384", "--max-pending-bytes", "262144");

    private static void assertOthersStillServed() {
        String token = "bystander-" + UUID.randomUUID();
        try (SocketClient bystander = SocketClient.connect(server.url(), "websocket")) {
            bystander.loginAs(token);
            server.post("/api", "{\"tokens\":[\"" + token + "\"],\"entityType\":\"still-here\"}");
            assertEquals("still-here", bystander.nextMessage().get("entityType").asText());
        }
    }

    @Test
    void garbagePacketsCloseOnlyThatConnectionWithOneWarnLineAndNoError() throws Exception {
        try (ErrorLog log = ErrorLog.attach();
             RawWebSocket bad = RawWebSocket.loggedIn(server, "garbage-" + UUID.randomUUID(), true)) {
            bad.send("42[\"user_login\",{\"tokenId\":\"secret-in-a-broken-packet\"");
            bad.sendUnlessClosed("\u0000\u0001not engine.io at all"); // the first may have closed it already
            bad.sendUnlessClosed("4");
            bad.sendUnlessClosed("9999");
            assertTrue(bad.closedWithin(Duration.ofSeconds(10)), "the server kept a connection that sent garbage");
            assertEquals(Map.of(), log.errors(), "netty-socketio's per-packet ERRORs: " + log.samples());
            // one line of ours: the packet check's (socket/engineio refuses it before netty-socketio's decoder), or the
            // library-noise line when the decoder is what fails; logged as the connection closes, so maybe just after
            Await.await("our one line", Duration.ofSeconds(5), () -> log.warnings().getOrDefault(LibraryNoiseFilter.LOGGER, 0)
                    + log.warnings().getOrDefault(SocketErrors.class.getName(), 0) >= 1);
            assertFalse(log.samples().toString().contains("secret-in-a-broken-packet"), "never the packet: " + log.samples());
        }
        assertOthersStillServed();
    }

    @Test
    void unknownEventsAreIgnored() throws Exception {
        String token = "unknown-" + UUID.randomUUID();
        try (RawWebSocket socket = RawWebSocket.loggedIn(server, token, true)) {
            socket.send("42[\"no_such_event\",{\"x\":1}]");
            server.post("/api", "{\"tokens\":[\"" + token + "\"],\"entityType\":\"after\"}");
            assertTrue(socket.expect("42[\"receive_message\"").contains("\"after\""));
        }
    }

    @Test
    void aFrameOverTheLimitClosesThatConnection() throws Exception {
        try (RawWebSocket big = RawWebSocket.loggedIn(server, "big-" + UUID.randomUUID(), true)) {
            big.send("42[\"user_login\",\"" + "x".repeat(64 * 1024) + "\"]");
            assertTrue(big.closedWithin(Duration.ofSeconds(10)), "a 64 KiB frame was accepted over a 16 KiB limit");
        }
        assertOthersStillServed();
    }

    @Test
    void aReaderThatStopsReadingIsDisconnectedAndCounted() throws Exception {
        String token = "stuck-" + UUID.randomUUID();
        String payload = "{\"tokens\":[\"" + token + "\"],\"data\":\"" + "y".repeat(16 * 1024) + "\"}";
        try (RawWebSocket stuck = RawWebSocket.loggedIn(server, token, false)) {
            boolean dropped = false;
            // Bounded: 4,000 pushes of 16 KiB is 64 MiB, far past the 256 KiB limit plus socket buffers.
            for (int i = 0; i < 4_000 && !dropped; i++) {
                dropped = JSON.readTree(server.post("/api", payload).body()).get("sockets").asInt() == 0;
            }
            assertTrue(dropped, "pushes kept being queued for a reader that never reads");
        }
        assertTrue(server.get("/metrics").body().matches("(?s).*pushserver_slow_clients_disconnected_total [1-9].*"));
        assertOthersStillServed();
    }

    @Test
    void aRawTcpGarbageRequestIsAnswered400MalformedRequestAndClosed() throws Exception {
        String answer;
        try (Socket raw = new Socket("127.0.0.1", server.port())) {
            raw.setSoTimeout(10_000); // a server that neither answers nor closes fails the read, not the build's clock
            OutputStream out = raw.getOutputStream();
            out.write("\u0016\u0003\u0001 GARBAGE \r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            // readAllBytes returns at end of stream only: the server closed the connection after its answer
            answer = new String(raw.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(answer.startsWith("HTTP/1.1 400 Bad Request\r\n"), answer);
        String[] headAndBody = answer.split("\r\n\r\n", 2);
        assertTrue(headAndBody[0].toLowerCase(java.util.Locale.ROOT).contains("content-type: application/json"), answer);
        assertTrue(headAndBody[0].toLowerCase(java.util.Locale.ROOT).contains("connection: close"), answer);
        assertEquals("malformed_request", JSON.readTree(headAndBody[1]).get("error").asText(), answer);
        assertOthersStillServed();
    }
}
