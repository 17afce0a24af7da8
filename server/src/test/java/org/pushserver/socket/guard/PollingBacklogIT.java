package org.pushserver.socket.guard;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pushserver.testing.RawHttp;
import org.pushserver.testing.RunningServer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MAX_QUEUED_PACKETS bounds what a polling client makes the server queue for it, whatever it sends: a client that
 * POSTs pings (each answered with a pong through the queue) but never polls is disconnected once the queue passes the
 * limit, instead of keeping its session alive while the queue grows.
 */
class PollingBacklogIT {
    private static final int MAX_QUEUED = 100;
    private static RunningServer server;

    @BeforeAll
    static void start() {
        server = RunningServer.start("--max-queued-packets", Integer.toString(MAX_QUEUED));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aPollingClientThatPostsPingsButNeverPollsIsDisconnectedAtTheQueueLimit() throws IOException {
        String sid = handshake();
        String pings = "2\u001e".repeat(MAX_QUEUED) + "2"; // MAX_QUEUED + 1 pongs to queue
        RawHttp.Response first = post(sid, pings);
        assertEquals(200, first.status(), first.bodyText());
        java.util.List<Integer> statuses = new java.util.ArrayList<>(java.util.List.of(first.status()));
        for (int post = 2; post <= 20 && statuses.get(statuses.size() - 1) == 200; post++) {
            statuses.add(post(sid, pings).status()); // once closed: an unknown session, refused
        }
        assertTrue(statuses.size() <= 3, "the session outlived a queue over MAX_QUEUED_PACKETS: " + statuses);
        assertEquals(0, connections(), "sessions left");
    }

    @Test
    void aPollingClientThatPollsIsNotDisconnectedForItsPings() throws IOException {
        String sid = handshake();
        for (int round = 0; round < 5; round++) {
            assertEquals(200, post(sid, "2\u001e".repeat(MAX_QUEUED / 4) + "2").status());
            RawHttp.Response poll = request("GET", "/socket.io/?EIO=4&transport=polling&sid=" + sid, "");
            assertEquals(200, poll.status());
            assertTrue(poll.bodyText().startsWith("3"), poll.bodyText());
        }
    }

    private static String handshake() throws IOException {
        RawHttp.Response open = request("GET", "/socket.io/?EIO=4&transport=polling", "");
        Matcher sid = Pattern.compile("\"sid\":\"([^\"]+)\"").matcher(open.bodyText());
        assertTrue(sid.find(), open.bodyText());
        return sid.group(1);
    }

    private static RawHttp.Response post(String sid, String payload) throws IOException {
        return request("POST", "/socket.io/?EIO=4&transport=polling&sid=" + sid, payload);
    }

    /** One request on a connection of its own (netty-socketio closes polling connections it answered). */
    private static RawHttp.Response request(String method, String pathAndQuery, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String head = method + " " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                + "Content-Type: text/plain;charset=UTF-8\r\nContent-Length: " + bytes.length + "\r\n\r\n";
        byte[] request = new byte[head.length() + bytes.length];
        System.arraycopy(head.getBytes(StandardCharsets.US_ASCII), 0, request, 0, head.length());
        System.arraycopy(bytes, 0, request, head.length(), bytes.length);
        RawHttp.Exchange exchange = RawHttp.exchange(server.port(), request, Duration.ofSeconds(10));
        assertTrue(!exchange.responses().isEmpty(), "no answer to " + method + " " + pathAndQuery);
        return exchange.responses().get(0);
    }

    private static int connections() {
        String body = server.get("/health").body();
        Matcher m = Pattern.compile("\"connections\":(\\d+)").matcher(body);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }
}
