package org.pushserver.cluster;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pushserver.testing.ClusterExtension;
import org.pushserver.testing.RawWebSocket;
import org.pushserver.testing.RunningServer;

import java.net.http.HttpResponse;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pushserver.cluster.ClusterTesting.json;
import static org.pushserver.cluster.ClusterTesting.token;
import static org.pushserver.testing.Await.await;

/**
 * Client acks on two nodes sharing one Redis: the node that holds the socket hears the ack, the node that took the
 * push settles it, and whichever comes first, the fate ends delivered and the inbox lets go of the message.
 */
class ClusterAcksIT {
    @RegisterExtension
    static final ClusterExtension cluster = ClusterExtension.of(2, "--redis-timeout-ms", "3000");
    private static RunningServer a;
    private static RunningServer b;

    @BeforeAll
    static void ready() {
        a = cluster.node(0);
        b = cluster.node(1);
        await("both nodes are ready", Duration.ofSeconds(10),
                () -> a.get("/health/ready").statusCode() == 200 && b.get("/health/ready").statusCode() == 200);
    }

    private static String fate(RunningServer node, String id, String token) {
        HttpResponse<String> r = node.get("/api/messages/" + id);
        return r.statusCode() == 200 ? json(r).path("tokens").path(token).asText() : "status " + r.statusCode();
    }

    private static String pushWithTtl(RunningServer node, String token) {
        HttpResponse<String> r = node.post("/api", "{\"tokens\":[\"" + token + "\"],\"entityType\":\"t\",\"data\":1,\"ttl\":60}");
        assertEquals(200, r.statusCode(), r.body());
        return json(r).get("id").asText();
    }

    @Test
    void aPushAckedOnAnotherNodeIsDeliveredAndAnUnackedOneComesAgainThroughEitherNode() throws Exception {
        String token = token();
        String acked;
        String unacked;
        try (RawWebSocket onB = RawWebSocket.loggedInWithAcks(b, token)) {
            await("b's presence is known to a", Duration.ofSeconds(5), () -> ClusterTesting.presence(a, token) == 1);
            acked = pushWithTtl(a, token);
            RawWebSocket.AckedPush first = onB.ackedPush();
            assertEquals(acked, first.messageId());
            onB.ack(first); // may reach Redis before a settles the push: the fate must end delivered all the same
            await("acked on b, delivered for a", Duration.ofSeconds(5), () -> fate(a, acked, token).equals("delivered"));

            unacked = pushWithTtl(a, token);
            assertEquals(unacked, onB.ackedPush().messageId());
            await("written to b but not acked", Duration.ofSeconds(5), () -> fate(a, unacked, token).equals("pending"));
        } // closed without acking

        try (RawWebSocket onA = RawWebSocket.loggedInWithAcks(a, token)) {
            RawWebSocket.AckedPush again = onA.ackedPush();
            assertEquals(unacked, again.messageId(), "only the unacked message comes again, through the other node");
            onA.ack(again);
            await("delivered once acked", Duration.ofSeconds(5), () -> fate(b, unacked, token).equals("delivered"));
        }
        try (RawWebSocket onB = RawWebSocket.loggedInWithAcks(b, token)) {
            b.push(java.util.List.of(token), "marker", "null");
            assertTrue(onB.ackedPush().frame().contains("\"marker\""), "an acked message is not delivered again");
        }
    }
}
