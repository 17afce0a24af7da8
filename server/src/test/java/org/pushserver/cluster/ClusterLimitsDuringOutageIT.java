package org.pushserver.cluster;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pushserver.auth.RequestSignature;
import org.pushserver.testing.RedisProcess;
import org.pushserver.testing.RunningServer;
import org.pushserver.testing.SocketClient;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pushserver.cluster.ClusterTesting.json;
import static org.pushserver.cluster.ClusterTesting.pushBody;
import static org.pushserver.cluster.ClusterTesting.token;
import static org.pushserver.testing.Await.await;

/**
 * Keys, signatures and rate limits configured, Redis out: once the node knows Redis is down, the window counter
 * (rate limits, replay guard) answers from this node's memory at once, as docs/SECURITY.md says, instead of waiting on
 * Redis for every request. Both outages: a stopped Redis (connections refused) and a hung one (connections accepted,
 * nothing answered, as a frozen or partitioned Redis: each call waits out its timeout).
 */
class ClusterLimitsDuringOutageIT {
    private static final long TIMEOUT_MS = 2000;
    /** Well below one REDIS_TIMEOUT_MS; a hung Redis made every keyed request wait two of them. */
    private static final long BOUND_MS = TIMEOUT_MS / 4;
    private static final Duration HANG = Duration.ofSeconds(15);
    private static final String KEY = "outage-key-0123456789abcdef";
    private static final String RATE_KEY = "outage-rate-key-0123456789";
    private static final int PUSHES_PER_SECOND = 5;
    private static final int BROADCASTS_PER_MINUTE = 2;
    private static RedisProcess redis;
    private RunningServer node;

    @BeforeAll
    static void startRedis() {
        redis = RedisProcess.start();
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    /** A node per test: its local counts (the fallback) start empty. */
    @BeforeEach
    void startNode() {
        redis.assumeControllable();
        node = RunningServer.start("--redis-url", redis.url(), "--redis-prefix", ClusterTesting.prefix(),
                "--node-ttl-ms", "3000", "--redis-timeout-ms", Long.toString(TIMEOUT_MS), "--api-keys", KEY + "," + RATE_KEY,
                "--pushes-per-second-per-key", Integer.toString(PUSHES_PER_SECOND),
                "--broadcasts-per-minute", Integer.toString(BROADCASTS_PER_MINUTE));
    }

    @AfterEach
    void stopNode() {
        ClusterTesting.closeAll(node);
    }

    @Test
    void whileAStoppedRedisIsKnownDownLimitsAndReplaysAreCountedOnThisNodeAtOnce() {
        try {
            assertAnsweredFromThisNodesCounts(() -> redis.stop());
        } finally {
            redis.startAgain();
        }
    }

    @Test
    void whileAHungRedisIsKnownDownLimitsAndReplaysAreCountedOnThisNodeWithoutWaitingOnIt() {
        try {
            assertAnsweredFromThisNodesCounts(() -> redis.hang(HANG));
        } finally {
            redis.awaitAnswering(HANG.plusSeconds(10));
        }
    }

    private void assertAnsweredFromThisNodesCounts(Runnable outage) {
        String t = token();
        try (SocketClient client = SocketClient.connect(node.url())) {
            client.loginAs(t);
            outage.run();
            await("the node knows Redis is down", Duration.ofSeconds(10), () -> node.get("/health/ready").statusCode() == 503);

            HttpResponse<String> bearer = timed(() -> node.post("/api", pushBody("bearer", t), "Authorization", "Bearer " + KEY));
            assertEquals(200, bearer.statusCode(), bearer.body());
            assertEquals(1, json(bearer).get("sockets").asInt(), "delivered on this node: " + bearer.body());
            assertEquals("bearer", client.nextMessage().get("entityType").asText());

            String body = pushBody("signed", t);
            String ts = Long.toString(System.currentTimeMillis() / 1000);
            String signature = RequestSignature.sign(KEY, ts, body.getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> signed = timed(() -> node.post("/api", body, "X-Timestamp", ts, "X-Signature", signature));
            assertEquals(200, signed.statusCode(), signed.body());
            assertEquals("signed", client.nextMessage().get("entityType").asText());
            HttpResponse<String> replay = timed(() -> node.post("/api", body, "X-Timestamp", ts, "X-Signature", signature));
            assertEquals(401, replay.statusCode(), "replays are caught per node: " + replay.body());
            assertEquals("replayed_request", json(replay).get("error").asText());

            assertRateLimited();

            String notice = "{\"entityType\":\"notice\",\"data\":1}";
            for (int i = 0; i < BROADCASTS_PER_MINUTE; i++) {
                HttpResponse<String> broadcast = timed(() -> node.post("/api/broadcast", notice, "Authorization", "Bearer " + KEY));
                assertEquals(200, broadcast.statusCode(), "this node's sockets get it: " + broadcast.body());
                assertTrue(json(broadcast).get("clusterError").asText().contains("redis"), broadcast.body());
                assertEquals("notice", client.nextMessage().get("entityType").asText());
            }
            HttpResponse<String> over = timed(() -> node.post("/api/broadcast", notice, "Authorization", "Bearer " + KEY));
            assertEquals(429, over.statusCode(), over.body());
            assertEquals("rate_limited", json(over).get("error").asText());
        }
    }

    /** PUSHES_PER_SECOND_PER_KEY + 1 pushes with one key: the last is refused (tried twice, in case a window closed between). */
    private void assertRateLimited() {
        String body = pushBody("rate", token());
        HttpResponse<String> last = null;
        for (int attempt = 0; attempt < 2; attempt++) {
            for (int i = 0; i <= PUSHES_PER_SECOND; i++) {
                last = timed(() -> node.post("/api", body, "Authorization", "Bearer " + RATE_KEY));
            }
            if (last.statusCode() == 429) {
                assertEquals("rate_limited", json(last).get("error").asText());
                assertTrue(last.headers().firstValue("Retry-After").isPresent(), "Retry-After");
                return;
            }
        }
        throw new AssertionError("the rate limit did not hold on this node while Redis is down: " + last.body());
    }

    private static HttpResponse<String> timed(Supplier<HttpResponse<String>> request) {
        long start = System.nanoTime();
        HttpResponse<String> response = request.get();
        long tookMs = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertTrue(tookMs < BOUND_MS, "answered in " + tookMs + " ms, not within " + BOUND_MS + " ms: " + response.body());
        return response;
    }
}
