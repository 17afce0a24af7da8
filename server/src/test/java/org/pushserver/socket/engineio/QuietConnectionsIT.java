package org.pushserver.socket.engineio;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.pushserver.testing.Await;
import org.pushserver.testing.Footprint;
import org.pushserver.testing.FrameSocket;
import org.pushserver.testing.RawHttp;
import org.pushserver.testing.ServerProcess;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every connection closes on its own bound: a few hundred websockets that go quiet (answer no ping) in each state a
 * client can leave a session in are all closed by the server within pingInterval + pingTimeout and a little slack,
 * and the server then holds no session. Short heartbeat (300 ms + 200 ms), the jar in its own process; closes are
 * read on the server's side of each connection ({@code /proc/net/tcp}), since a client may not notice them.
 */
class QuietConnectionsIT {
    private static final int SOCKETS = 200;
    private static final Duration PING_INTERVAL = Duration.ofMillis(300);
    private static final Duration PING_TIMEOUT = Duration.ofMillis(200);
    /** Timer ticks, a busy 2-core machine: the bound is interval + timeout + this. */
    private static final Duration SLACK = Duration.ofMillis(1500);
    private static final String JWT_SECRET = "quiet-connections-secret-0123456789abcdef";
    private static final List<byte[]> BAD_PACKETS = List.of(text("4abc"), text("42{}"), text("42x[\"user_login\"]"),
            text("7"), text("43[]"), new byte[] {4, 0x42});

    private static ServerProcess server;
    private final List<FrameSocket> sockets = new ArrayList<>();

    /** Where a client leaves its session before it goes quiet. */
    enum State {
        /** The Engine.IO handshake only: no Socket.IO CONNECT. */
        NO_CONNECT,
        /** CONNECT, then {@code 41}: the socket left the namespace, the connection stays. */
        AFTER_NAMESPACE_DISCONNECT,
        /** CONNECT, then a packet that does not decode (each socket one of {@link #BAD_PACKETS}). */
        AFTER_BAD_PACKET,
        /** CONNECT, then a login the server refused (fewer refusals than MAX_LOGIN_FAILURES). */
        AFTER_REFUSED_LOGIN,
        /** CONNECT, then an accepted login. */
        LOGGED_IN
    }

    @BeforeAll
    static void start() throws IOException {
        server = ServerProcess.start(ServerProcess.PRODUCTION_JVM, "--ping-interval-ms", Long.toString(PING_INTERVAL.toMillis()),
                "--ping-timeout-ms", Long.toString(PING_TIMEOUT.toMillis()), "--login-auth", "jwt",
                "--jwt-secret", JWT_SECRET);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void closeClients() {
        sockets.forEach(FrameSocket::close);
    }

    @ParameterizedTest
    @EnumSource(State.class)
    void quietWebsocketsAreAllClosedWithinPingIntervalPlusTimeout(State state) throws Exception {
        Await.await("no connection left from the previous test", Duration.ofSeconds(10),
                () -> Footprint.tcpConnections(server.port()) == 0);
        long lastQuiet = 0;
        for (int i = 0; i < SOCKETS; i++) {
            FrameSocket ws = FrameSocket.open(server.port(), "/socket.io/?EIO=4&transport=websocket");
            sockets.add(ws);
            expect(ws, "0{");
            leave(ws, state, i);
            lastQuiet = System.nanoTime();
        }
        Duration bound = PING_INTERVAL.plus(PING_TIMEOUT).plus(SLACK);
        Await.await(state + ": every quiet connection closed by the server", bound.plusSeconds(30),
                () -> Footprint.tcpConnections(server.port()) == 0);
        Duration sinceLastQuiet = Duration.ofNanos(System.nanoTime() - lastQuiet);
        System.out.printf("%s: %d quiet websockets, the last closed %d ms after the last went quiet (bound %d ms)%n",
                state, SOCKETS, sinceLastQuiet.toMillis(), bound.toMillis());
        assertTrue(sinceLastQuiet.compareTo(bound) <= 0, state + ": the last connection closed "
                + sinceLastQuiet.toMillis() + " ms after going quiet, bound " + bound.toMillis() + " ms");
        assertEquals("0", health("connections"), "sessions left on the server");
        assertTrue(server.alive(), server.log());
    }

    private static void leave(FrameSocket ws, State state, int i) throws IOException {
        if (state == State.NO_CONNECT) {
            return;
        }
        ws.text("40");
        expect(ws, "40");
        switch (state) {
            case AFTER_NAMESPACE_DISCONNECT -> ws.text("41");
            case AFTER_BAD_PACKET -> {
                byte[] bad = BAD_PACKETS.get(i % BAD_PACKETS.size());
                ws.send(bad.length > 0 && bad[0] < ' ' ? FrameSocket.BINARY : FrameSocket.TEXT, bad);
            }
            case AFTER_REFUSED_LOGIN -> {
                ws.text("421[\"user_login\",{\"tokenId\":\"not-a-jwt-" + i + "\"}]");
                expect(ws, "431[{\"ok\":false");
            }
            case LOGGED_IN -> {
                ws.text("421[\"user_login\",{\"tokenId\":\"" + org.pushserver.testing.JwtIssuer
                        .hmac(com.nimbusds.jose.JWSAlgorithm.HS256, JWT_SECRET).token("quiet-" + i) + "\"}]");
                expect(ws, "431[{\"ok\":true");
            }
            default -> throw new IllegalStateException(state.name());
        }
    }

    /** Reads up to the first text frame starting with {@code prefix}, skipping pings; fails on anything else. */
    private static void expect(FrameSocket ws, String prefix) throws IOException {
        for (int skipped = 0; skipped < 10; skipped++) {
            FrameSocket.Frame frame = ws.read(Duration.ofSeconds(5));
            if (frame == null || frame.opcode() != FrameSocket.TEXT) {
                throw new AssertionError("expected " + prefix + ", got " + (frame == null ? "nothing" : "opcode " + frame.opcode()));
            }
            if (frame.text().startsWith(prefix)) {
                return;
            }
            if (!frame.text().equals("2")) {
                throw new AssertionError("expected " + prefix + ", got " + frame.text());
            }
        }
        throw new AssertionError("expected " + prefix + ", got only pings");
    }

    /** A field of {@code /health}, over a connection closed after the answer (so it is not counted as left open). */
    private static String health(String field) throws IOException {
        RawHttp.Exchange exchange = RawHttp.exchange(server.port(), ("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII), Duration.ofSeconds(10));
        String body = exchange.responses().get(0).bodyText();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"" + field + "\":(\\d+)").matcher(body);
        return m.find() ? m.group(1) : body;
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
