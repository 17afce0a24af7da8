package org.pushserver.mobile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pushserver.testing.Await;
import org.pushserver.testing.FcmAnswer;
import org.pushserver.testing.FcmServer;
import org.pushserver.testing.ServerExtension;

import java.time.Duration;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fallback through the real FCM provider against a local FCM (token endpoint verifying the signed assertion, v1
 * send endpoint checking the bearer): an unavailable FCM is retried after its Retry-After and then sent; an
 * {@code UNREGISTERED} device is removed.
 */
class FcmFallbackIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final FcmServer fcm = start();

    @RegisterExtension
    static final ServerExtension server = ServerExtension.withArgs(fcm::args);

    private static FcmServer start() {
        try {
            return FcmServer.start();
        } catch (Exception e) {
            throw new IllegalStateException("the local FCM did not start", e);
        }
    }

    @AfterAll
    static void stopFcm() throws Exception {
        fcm.close();
    }

    private static String registered(String token) {
        String deviceToken = "fcm-" + UUID.randomUUID();
        assertEquals(200, server.post("/api/devices", "{\"tokenId\":\"" + token + "\",\"platform\":\"fcm\",\"deviceToken\":\""
                + deviceToken + "\"}").statusCode());
        return deviceToken;
    }

    private static String mobileFate(String token) throws Exception {
        JsonNode answer = JSON.readTree(server.post("/api", "{\"tokens\":[\"" + token + "\"],\"notification\":{\"title\":\"t\","
                + "\"body\":\"b\",\"data\":{\"n\":3}}}").body());
        assertEquals(1, answer.get("devices").asInt(), answer.toString());
        String[] state = new String[1];
        Await.await("the notification to " + token + " is done", Duration.ofSeconds(30), () -> {
            try {
                state[0] = JSON.readTree(server.get("/api/messages/" + answer.get("id").asText()).body())
                        .path("mobile").path(token).asText();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return !state[0].isEmpty() && !state[0].equals("queued");
        });
        return state[0];
    }

    @Test
    void anUnavailableFcmIsRetriedAfterItsRetryAfterAndThenSent() throws Exception {
        String token = "f-" + UUID.randomUUID();
        String device = registered(token);
        fcm.failNext(device, FcmAnswer.unavailable(1));
        long start = System.nanoTime();
        assertEquals("sent", mobileFate(token));
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() >= 1000, "Retry-After: 1 was honoured");
        assertEquals("3", fcm.received(device).get(fcm.received(device).size() - 1).message().path("message").path("data")
                .path("n").asText(), "FCM data values are strings");
    }

    @Test
    void anUnregisteredDeviceIsRemoved() throws Exception {
        String token = "f-" + UUID.randomUUID();
        fcm.unregister(registered(token));
        assertEquals("failed", mobileFate(token));
        assertEquals(0, JSON.readTree(server.get("/api/devices?token=" + token).body()).get("devices").size());
    }
}
