package org.pushserver.cluster;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pushserver.auth.RequestSignature;
import org.pushserver.testing.ClusterExtension;
import org.pushserver.testing.RunningServer;
import org.redisson.client.codec.StringCodec;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Limits and the replay guard hold for the cluster, not per node: their counters live in Redis and expire there. */
class ClusterLimitsIT {
    private static final String KEY = "cluster-key-0123456789abcdef";
    @RegisterExtension
    static final ClusterExtension cluster = ClusterExtension.of(2, "--api-keys", KEY, "--broadcasts-per-minute", "3",
            "--redis-timeout-ms", "1000");
    private static RunningServer a;
    private static RunningServer b;

    @BeforeAll
    static void names() {
        a = cluster.node(0);
        b = cluster.node(1);
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

        String counter = "{" + cluster.prefix() + "}:window:broadcasts";
        long ttl = cluster.redisClient().getBucket(counter, StringCodec.INSTANCE).remainTimeToLive();
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
