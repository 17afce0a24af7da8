package org.pushserver.api;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pushserver.auth.RequestSignature;
import org.pushserver.testing.ServerExtension;
import org.pushserver.testing.SocketClient;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** HMAC-signed publishing: a good signature delivers; a bad, skewed or replayed one is 401 and delivers nothing. */
class SignedRequestIT {
    private static final String KEY = "signing-key-0123456789abcdef";
    private static final String BODY = "{\"tokens\":[\"signed-user\"],\"entityType\":\"order\",\"data\":{\"id\":7}}";
    private static final AtomicInteger SERIAL = new AtomicInteger();
    @RegisterExtension
    static final ServerExtension server = ServerExtension.withArgs("--api-keys", "another-key-0123456789abcdef," + KEY);
    private static SocketClient client;

    @BeforeAll
    static void start() {
        client = SocketClient.connect(server.url(), "websocket");
        client.loginAs("signed-user");
    }

    @AfterAll
    static void stop() {
        client.close();
    }

    private static HttpResponse<String> signedPost(String timestamp, String signature) {
        return server.post("/api", BODY, "X-Timestamp", timestamp, "X-Signature", signature);
    }

    /** A body no other test sends: the same body signed in the same second is the same signature, a replay. */
    private static String uniqueBody() {
        return BODY.replace("\"id\":7", "\"id\":7,\"serial\":" + SERIAL.incrementAndGet());
    }

    private static String now() {
        return Long.toString(System.currentTimeMillis() / 1000);
    }

    @Test
    void aCorrectlySignedPushIsDeliveredWithoutAnySecretOnTheWire() {
        String ts = now();
        String body = uniqueBody();
        HttpResponse<String> response = server.post("/api", body, "X-Timestamp", ts,
                "X-Signature", RequestSignature.sign(KEY, ts, body.getBytes(StandardCharsets.UTF_8)));
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(7, client.nextMessage().path("data").path("id").asInt());
    }

    @Test
    void theSameSignedRequestSentTwiceIsRefusedTheSecondTime() {
        String ts = now();
        String body = uniqueBody();
        String signature = RequestSignature.sign(KEY, ts, body.getBytes(StandardCharsets.UTF_8));
        assertEquals(200, server.post("/api", body, "X-Timestamp", ts, "X-Signature", signature).statusCode());
        client.nextMessage();
        HttpResponse<String> replay = server.post("/api", body, "X-Timestamp", ts, "X-Signature", signature);
        assertEquals(401, replay.statusCode());
        assertTrue(replay.body().contains("\"replayed_request\""), replay.body());
        assertEquals(0, client.pending());
    }

    @Test
    void aSignatureOverAnotherBodyIsRefused() {
        String ts = now();
        HttpResponse<String> response = signedPost(ts, RequestSignature.sign(KEY, ts, "{}".getBytes(StandardCharsets.UTF_8)));
        assertEquals(401, response.statusCode());
        assertTrue(response.body().contains("\"invalid_signature\""), response.body());
    }

    @Test
    void aSignatureWithAnUnknownKeyOrMalformedHeadersIsRefused() {
        String ts = now();
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
        assertEquals(401, signedPost(ts, RequestSignature.sign("unknown-key-0123456789abcdef", ts, body)).statusCode());
        assertEquals(401, signedPost(ts, "sha256=nothex").statusCode());
        assertEquals(401, signedPost("yesterday", RequestSignature.sign(KEY, ts, body)).statusCode());
    }

    @Test
    void aTimestampSixMinutesOldIsRefusedAsStale() {
        String old = Long.toString(System.currentTimeMillis() / 1000 - 360);
        HttpResponse<String> response = signedPost(old, RequestSignature.sign(KEY, old, BODY.getBytes(StandardCharsets.UTF_8)));
        assertEquals(401, response.statusCode());
        assertTrue(response.body().contains("\"stale_timestamp\""), response.body());
    }

    @Test
    void refusalsAreCountedByReason() {
        signedPost(now(), "sha256=" + "0".repeat(64));
        String metrics = server.get("/metrics").body();
        assertTrue(metrics.contains("pushserver_api_refused_total{reason=\"signature\"}"), metrics);
    }
}
