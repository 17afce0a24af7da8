package org.pushserver.socket.guard;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pushserver.testing.EngineIoPolling;
import org.pushserver.testing.RawHttp;
import org.pushserver.testing.RunningServer;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MAX_QUEUED_PACKETS bounds what a polling client makes the server queue for it, whatever it sends: a client that
 * POSTs logins with ack ids (each answered through the queue) but never polls is disconnected once the queue passes
 * the limit, instead of keeping its session alive while the queue grows.
 */
class PollingBacklogIT {
    private static final int MAX_QUEUED = 100;
    private static RunningServer server;
    private static EngineIoPolling polling;

    @BeforeAll
    static void start() {
        server = RunningServer.start("--max-queued-packets", Integer.toString(MAX_QUEUED), "--logins-per-minute", "100000");
        polling = new EngineIoPolling(server.port());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aPollingClientThatPostsLoginsButNeverPollsIsDisconnectedAtTheQueueLimit() throws IOException {
        String sid = connected();
        String logins = logins(MAX_QUEUED + 1); // MAX_QUEUED + 1 acks to queue
        RawHttp.Response first = post(sid, logins);
        assertEquals(200, first.status(), first.bodyText());
        java.util.List<Integer> statuses = new java.util.ArrayList<>(java.util.List.of(first.status()));
        for (int post = 2; post <= 20 && statuses.get(statuses.size() - 1) == 200; post++) {
            statuses.add(post(sid, logins).status()); // once closed: an unknown session, refused
        }
        assertTrue(statuses.size() <= 3, "the session outlived a queue over MAX_QUEUED_PACKETS: " + statuses);
        assertEquals(0, connections(), "sessions left");
    }

    @Test
    void aPollingClientThatPollsIsNotDisconnectedForItsAcks() throws IOException {
        String sid = connected();
        for (int round = 0; round < 5; round++) {
            assertEquals(200, post(sid, logins(MAX_QUEUED / 2)).status());
            RawHttp.Response poll = EngineIoPolling.only(polling.get(sid));
            assertEquals(200, poll.status());
            assertTrue(poll.bodyText().startsWith("43"), poll.bodyText());
        }
    }

    /** A polling session whose socket joined the default namespace. */
    private static String connected() throws IOException {
        String sid = polling.open();
        assertEquals(200, post(sid, "40").status());
        RawHttp.Response connect = EngineIoPolling.only(polling.get(sid));
        assertTrue(connect.bodyText().startsWith("40"), connect.bodyText());
        return sid;
    }

    /** {@code n} logins of one token, each with its ack id, in one v4 payload. */
    private static String logins(int n) {
        StringBuilder payload = new StringBuilder();
        for (int i = 1; i <= n; i++) {
            payload.append(i > 1 ? "\u001e" : "").append("42").append(i).append("[\"user_login\",{\"tokenId\":\"backlog\"}]");
        }
        return payload.toString();
    }

    private static RawHttp.Response post(String sid, String payload) throws IOException {
        return EngineIoPolling.only(polling.post(sid, payload));
    }

    private static int connections() {
        String body = server.get("/health").body();
        Matcher m = Pattern.compile("\"connections\":(\\d+)").matcher(body);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }
}
