package org.pushserver.mobile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pushserver.testing.PushBrowser;
import org.pushserver.testing.ServerExtension;
import org.pushserver.testing.SocketClient;
import org.pushserver.testing.VapidKeys;
import org.pushserver.testing.WebPushService;

import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Devices registered over HTTP and over a logged-in socket, on a real server with Web Push configured: listing,
 * replacing, the per-token limit, removal, and the send queue's bound ({@code MOBILE_QUEUE_SIZE=1}).
 */
class DeviceRegistrationIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final WebPushService pushService = WebPushService.start();

    @RegisterExtension
    static final ServerExtension server = ServerExtension.withArgs(() -> Stream.concat(
            Stream.of(VapidKeys.generate().flags("127.0.0.1")),
            Stream.of("--max-devices-per-token", "2", "--mobile-queue-size", "1")).toArray(String[]::new));

    @AfterAll
    static void stopPushService() {
        pushService.close();
    }

    private static List<String> endpoints(String token) throws Exception {
        JsonNode listed = JSON.readTree(server.get("/api/devices?token=" + token).body());
        assertEquals(token, listed.get("tokenId").asText());
        List<String> out = new java.util.ArrayList<>();
        listed.get("devices").forEach(d -> {
            assertEquals("webpush", d.get("platform").asText());
            assertTrue(d.get("subscription").path("keys").isMissingNode(), "keys are not shown: " + d);
            out.add(d.get("subscription").get("endpoint").asText());
        });
        return out;
    }

    @Test
    void theOldestDeviceIsDroppedBeyondTheLimitAndReRegisteringReplaces() throws Exception {
        String token = "r-" + UUID.randomUUID();
        PushBrowser a = pushService.subscribe();
        PushBrowser b = pushService.subscribe();
        PushBrowser c = pushService.subscribe();
        for (PushBrowser browser : List.of(a, b, a, c)) {
            assertEquals(200, server.post("/api/devices", MobileFallbackIT.subscriptionBody(token, browser)).statusCode());
        }
        assertEquals(List.of(a.endpoint(), c.endpoint()), endpoints(token));

        String body = MobileFallbackIT.subscriptionBody(token, a);
        JsonNode removed = JSON.readTree(server.send(server.request("/api/devices")
                .method("DELETE", HttpRequest.BodyPublishers.ofString(body)).build()).body());
        assertTrue(removed.get("removed").asBoolean(), removed.toString());
        assertFalse(JSON.readTree(server.send(server.request("/api/devices")
                .method("DELETE", HttpRequest.BodyPublishers.ofString(body)).build()).body()).get("removed").asBoolean());
        assertEquals(List.of(c.endpoint()), endpoints(token));
    }

    @Test
    void aLoggedInSocketRegistersItsOwnDeviceAndOneNotLoggedInIsRefused() throws Exception {
        String token = "s-" + UUID.randomUUID();
        WebPushSubscription s = pushService.subscribe().subscription();
        JSONObject device = new JSONObject(Map.of("platform", "webpush", "subscription", new JSONObject(Map.of(
                "endpoint", s.endpoint(), "keys", new JSONObject(Map.of("p256dh", s.p256dh(), "auth", s.auth()))))));
        try (SocketClient socket = SocketClient.connect(server.url())) {
            JsonNode refused = socket.emitWithAck("register_device", device);
            assertFalse(refused.get("ok").asBoolean(), refused.toString());
            assertTrue(refused.get("error").asText().contains("not logged in"), refused.toString());

            socket.loginAs(token);
            JsonNode bad = socket.emitWithAck("register_device", new JSONObject(Map.of("platform", "webpush")));
            assertFalse(bad.get("ok").asBoolean());
            assertTrue(bad.get("error").asText().startsWith("subscription:"), bad.toString());
            JsonNode ok = socket.emitWithAck("register_device", device);
            assertTrue(ok.get("ok").asBoolean(), ok.toString());
        }
        assertEquals(List.of(s.endpoint()), endpoints(token));
    }

    @Test
    void aFullQueueIsAnsweredWithTheDevicesNotQueued() throws Exception {
        String token = "q-" + UUID.randomUUID();
        for (int i = 0; i < 2; i++) {
            server.post("/api/devices", MobileFallbackIT.subscriptionBody(token, pushService.subscribe()));
        }
        JsonNode answer = JSON.readTree(server.post("/api", "{\"tokens\":[\"" + token + "\"],\"notification\":{\"title\":\"t\",\"body\":\"b\"}}").body());
        assertEquals(1, answer.get("devices").asInt(), answer.toString());
        assertEquals("queue_full", answer.get("mobileError").asText(), answer.toString());
        assertEquals(1, answer.get("notQueued").asInt(), answer.toString());
        assertTrue(server.get("/metrics").body().contains("pushserver_mobile_not_queued_total 1.0"));
    }
}
