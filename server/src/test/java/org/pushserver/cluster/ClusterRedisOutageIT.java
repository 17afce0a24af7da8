package org.pushserver.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pushserver.testing.ClusterExtension;
import org.pushserver.testing.RedisProcess;
import org.pushserver.testing.RunningServer;
import org.pushserver.testing.SocketClient;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pushserver.cluster.ClusterTesting.assertNothingMoreThan;
import static org.pushserver.testing.Await.await;
import static org.pushserver.cluster.ClusterTesting.json;
import static org.pushserver.cluster.ClusterTesting.presence;
import static org.pushserver.cluster.ClusterTesting.pushBody;
import static org.pushserver.cluster.ClusterTesting.token;

/** Redis goes away and comes back (empty): nodes serve their own sockets, say what failed, and recover alone. */
class ClusterRedisOutageIT {
    private static final long TIMEOUT_MS = 1000;
    @RegisterExtension
    static final ClusterExtension cluster = ClusterExtension.of(2, "--node-ttl-ms", "3000",
            "--redis-timeout-ms", Long.toString(TIMEOUT_MS)).controllingRedis();
    private static RedisProcess redis;
    private static RunningServer a;
    private static RunningServer b;

    @BeforeAll
    static void names() {
        redis = cluster.redis();
        a = cluster.node(0);
        b = cluster.node(1);
    }

    @Test
    void whileRedisIsDownNodesServeTheirOwnSocketsFailFastAndRecoverAloneWhenItReturns() {
        String ta = token();
        String tb = token();
        String probe = token();
        try (SocketClient onA = SocketClient.connect(a.url());
             SocketClient onB = SocketClient.connect(b.url());
             SocketClient probeOnB = SocketClient.connect(b.url())) {
            onA.loginAs(ta);
            onB.loginAs(tb);
            probeOnB.loginAs(probe);
            await("the cluster sees both nodes' sockets", Duration.ofSeconds(5), () -> presence(a, tb) == 1 && presence(b, ta) == 1);

            redis.stop();
            await("A's readiness says the store is down", Duration.ofSeconds(5), () -> a.get("/health/ready").statusCode() == 503);
            assertEquals(200, a.get("/health/live").statusCode());
            assertEquals("down", json(a.get("/health")).get("store").get("status").asText());

            long start = System.nanoTime();
            HttpResponse<String> partial = a.post("/api", pushBody("local", ta, tb));
            long tookMs = Duration.ofNanos(System.nanoTime() - start).toMillis();
            assertTrue(tookMs < TIMEOUT_MS + 500, "the push took " + tookMs + " ms");
            assertEquals(200, partial.statusCode(), partial.body());
            JsonNode report = json(partial);
            assertEquals(1, report.get("sockets").asInt());
            assertEquals(List.of(ta), texts(report.get("online")));
            assertEquals(List.of(tb), texts(report.get("undetermined")), "not found here, and the cluster cannot be asked");
            assertTrue(report.get("clusterError").asText().contains("redis"), partial.body());
            assertEquals("local", onA.nextMessage().get("entityType").asText(), "local delivery does not need Redis");

            start = System.nanoTime();
            HttpResponse<String> nothing = a.post("/api", pushBody("lost", tb));
            assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < TIMEOUT_MS + 500);
            assertEquals(503, nothing.statusCode(), nothing.body());
            assertEquals("cluster_unavailable", json(nothing).get("error").asText());
            assertEquals(503, a.get("/api/online?tokens=" + tb).statusCode(), "presence cannot be answered without the store");

            HttpResponse<String> own = b.post("/api", pushBody("own", tb));
            assertEquals(200, own.statusCode(), own.body());
            assertEquals("own", onB.nextMessage().get("entityType").asText(), "B serves its own sockets too");

            redis.startAgain(); // empty: every node must register its sockets again by itself
            await("A is ready again", Duration.ofSeconds(10), () -> a.get("/health/ready").statusCode() == 200);
            await("presence is registered again", Duration.ofSeconds(10), () -> presence(a, tb) == 1 && presence(b, ta) == 1);
            await("cross-node delivery works again", Duration.ofSeconds(10), () -> {
                JsonNode r = json(a.post("/api", pushBody("probe", probe)));
                return r.get("sockets").asInt() == 1 && r.get("clusterError") == null;
            });

            HttpResponse<String> back = a.post("/api", pushBody("back", ta, tb));
            assertEquals(200, back.statusCode(), back.body());
            assertEquals(2, json(back).get("sockets").asInt(), back.body());
            assertEquals("back", onB.nextMessage().get("entityType").asText());
            assertNothingMoreThan(a, onB, tb);
            assertEquals("back", onA.nextMessage().get("entityType").asText());
        }
    }

    @Test
    void aNodeStartedWhileRedisIsDownStartsNotReadyAndJoinsWhenRedisAnswers() {
        String t = token();
        redis.stop();
        RunningServer late = null;
        try {
            long start = System.nanoTime();
            late = cluster.startNode();
            assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 10 * TIMEOUT_MS, "start is bounded");
            assertEquals(503, late.get("/health/ready").statusCode());
            RunningServer node = late;
            try (SocketClient onLate = SocketClient.connect(late.url())) {
                onLate.loginAs(t);
                assertEquals("solo", pushAndReceive(node, onLate, t));
                redis.startAgain();
                await("the late node joins", Duration.ofSeconds(10), () -> node.get("/health/ready").statusCode() == 200);
                await("its socket shows in the cluster", Duration.ofSeconds(10), () -> presence(a, t) == 1);
                await("a push through A reaches it", Duration.ofSeconds(10),
                        () -> json(a.post("/api", pushBody("joined", t))).get("sockets").asInt() == 1);
                assertEquals("joined", onLate.nextMessage().get("entityType").asText());
            }
        } finally {
            redis.startAgain(); // no-op when it runs already
            if (late != null) {
                cluster.stopNode(late);
            }
        }
    }

    private static String pushAndReceive(RunningServer node, SocketClient client, String token) {
        node.post("/api", pushBody("solo", token));
        return client.nextMessage().get("entityType").asText();
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
