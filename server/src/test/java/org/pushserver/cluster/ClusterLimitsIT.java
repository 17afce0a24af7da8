package org.pushserver.cluster;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pushserver.auth.RequestSignature;
import org.pushserver.testing.RedisProcess;
import org.pushserver.testing.RunningServer;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Limits and the replay guard hold for the cluster, not per node: their counters live in Redis and expire there. */
class ClusterLimitsIT {
    private static final String KEY = "cluster-key-0123456789abcdef";
    private static RedisProcess redis;
    private static RedissonClient look;
    private static String prefix;
    private static RunningServer a;
    private static RunningServer b;

    @BeforeAll
    static void start() {
        redis = RedisProcess.start();
        look = ClusterTesting.redisClient(redis.url());
        prefix = ClusterTesting.prefix();
        a = node();
        b = node();
    }

    private static RunningServer node() {
        return RunningServer.start("--redis-url", redis.url(), "--redis-prefix", prefix, "--api-keys", KEY,
                "--broadcasts-per-minute", "3", "--redis-timeout-ms", "1000");
    }

    @AfterAll
    static void stop() {
        ClusterTesting.closeAll(a, b);
        if (look != null) {
            look.shutdown();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void theBroadcastLimitCountsBroadcastsOnEveryNode() {
        String body = "{\"entityType\":\"notice\",\"data\":1}";
        String[] auth = {"Authorization", "Bearer " + KEY};
        assertEquals(200, a.post("/api/broadcast", body, auth).statusCode());
        assertEquals(200, b.post("/api/broadcast", body, auth).statusCode());
        assertEquals(200, a.post("/api/broadcast", body, auth).statusCode());
        HttpResponse<String> fourth = b.post("/api/broadcast", body, auth);
        assertEquals(429, fourth.statusCode(), "the fourth in a minute, though only the second on B: " + fourth.body());

        String counter = "{" + prefix + "}:window:broadcasts";
        long ttl = look.getBucket(counter, StringCodec.INSTANCE).remainTimeToLive();
        assertTrue(ttl > 0 && ttl <= 60_000, "the counter expires with its window, ttl " + ttl);
    }

    @Test
    void aSignedRequestUsedOnOneNodeIsRefusedOnAnother() {
        String body = "{\"tokens\":[\"nobody\"],\"entityType\":\"t\",\"data\":1}";
        String ts = Long.toString(System.currentTimeMillis() / 1000);
        String signature = RequestSignature.sign(KEY, ts, body.getBytes(StandardCharsets.UTF_8));
        assertEquals(200, a.post("/api", body, "X-Timestamp", ts, "X-Signature", signature).statusCode());
        HttpResponse<String> replay = b.post("/api", body, "X-Timestamp", ts, "X-Signature", signature);
        assertEquals(401, replay.statusCode());
        assertTrue(replay.body().contains("\"replayed_request\""), replay.body());
    }
}
