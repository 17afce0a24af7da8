package org.pushserver.api.devices;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pushserver.testing.ServerExtension;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad device registrations and push notifications over real HTTP: each is a JSON 400 naming its field, and a
 * platform without a provider is refused after its fields are checked. No provider is configured here.
 */
class DeviceInputIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "device-input-key";
    private static final String P256DH = b64(65, (byte) 4);
    private static final String AUTH = b64(16, (byte) 1);
    private static final String ENDPOINT = "https://fcm.googleapis.com/fcm/send/abc";

    @RegisterExtension
    static final ServerExtension server = ServerExtension.withArgs();
    @RegisterExtension
    static final ServerExtension keyed = ServerExtension.withArgs("--api-keys", KEY);

    private static String b64(int bytes, byte first) {
        byte[] raw = new byte[bytes];
        raw[0] = first;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    private static String webpush(String subscriptionJson) {
        return "{\"tokenId\":\"u-1\",\"platform\":\"webpush\",\"subscription\":" + subscriptionJson + "}";
    }

    private static String keys(String p256dh, String auth) {
        return "{\"endpoint\":\"" + ENDPOINT + "\",\"keys\":{\"p256dh\":\"" + p256dh + "\",\"auth\":\"" + auth + "\"}}";
    }

    private static void refused(HttpResponse<String> response, String error, String field) throws Exception {
        assertEquals(400, response.statusCode(), response.body());
        JsonNode body = JSON.readTree(response.body());
        assertEquals(error, body.get("error").asText(), response.body());
        assertTrue(body.get("message").asText().startsWith(field + ":"), "names " + field + ": " + response.body());
    }

    @Test
    void eachBadRegistrationFieldIsNamedInA400() throws Exception {
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("{\"platform\":\"apns\",\"deviceToken\":\"abc\"}", "tokenId");
        cases.put("{\"tokenId\":\"\",\"platform\":\"apns\",\"deviceToken\":\"abc\"}", "tokenId");
        cases.put("{\"tokenId\":\"u-1\",\"platform\":\"gcm\",\"deviceToken\":\"abc\"}", "platform");
        cases.put("{\"tokenId\":\"u-1\",\"platform\":7,\"deviceToken\":\"abc\"}", "platform");
        cases.put("{\"tokenId\":\"u-1\",\"platform\":\"apns\",\"deviceToken\":\"\"}", "deviceToken");
        cases.put("{\"tokenId\":\"u-1\",\"platform\":\"fcm\"}", "deviceToken");
        cases.put("{\"tokenId\":\"u-1\",\"platform\":\"fcm\",\"deviceToken\":\"" + "a".repeat(1025) + "\"}", "deviceToken");
        cases.put("{\"tokenId\":\"u-1\",\"platform\":\"fcm\",\"deviceToken\":\"a b\"}", "deviceToken");
        cases.put("{\"tokenId\":\"u-1\",\"platform\":\"webpush\",\"deviceToken\":\"abc\"}", "subscription");
        cases.put(webpush("{\"endpoint\":\"" + ENDPOINT + "\"}"), "subscription.keys");
        cases.put(webpush(keys(b64(64, (byte) 4), AUTH)), "subscription.keys.p256dh");
        cases.put(webpush(keys(b64(65, (byte) 2), AUTH)), "subscription.keys.p256dh");
        cases.put(webpush(keys("not base64!", AUTH)), "subscription.keys.p256dh");
        cases.put(webpush(keys(P256DH, b64(15, (byte) 1))), "subscription.keys.auth");
        cases.put(webpush("{\"keys\":{}}"), "subscription.endpoint");
        cases.put(webpush("{\"endpoint\":\"https://evil.example/push\",\"keys\":{\"p256dh\":\"" + P256DH + "\",\"auth\":\"" + AUTH + "\"}}"),
                "subscription.endpoint");
        cases.put(webpush("{\"endpoint\":\"http://fcm.googleapis.com/x\",\"keys\":{\"p256dh\":\"" + P256DH + "\",\"auth\":\"" + AUTH + "\"}}"),
                "subscription.endpoint");
        cases.put(webpush("{\"endpoint\":\"http://127.0.0.1:9/x\",\"keys\":{\"p256dh\":\"" + P256DH + "\",\"auth\":\"" + AUTH + "\"}}"),
                "subscription.endpoint");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            refused(server.post("/api/devices", c.getKey()), "invalid_field", c.getValue());
        }
        refused(server.get("/api/devices"), "invalid_field", "token");
    }

    @Test
    void aPlatformWithoutAProviderIsRefusedOnceItsFieldsAreRight() throws Exception {
        refused(server.post("/api/devices", "{\"tokenId\":\"u-1\",\"platform\":\"apns\",\"deviceToken\":\"ab12\"}"),
                "platform_not_configured", "platform");
        refused(server.post("/api/devices", webpush(keys(P256DH, AUTH))), "platform_not_configured", "platform");
        assertEquals(0, JSON.readTree(server.get("/api/devices?token=u-1").body()).get("devices").size());
    }

    @Test
    void aNotificationThatIsNotAnObjectOrABadModeIsNamedInA400() throws Exception {
        refused(server.post("/api", "{\"tokens\":[\"u-1\"],\"notification\":\"hello\"}"), "invalid_field", "notification");
        refused(server.post("/api", "{\"tokens\":[\"u-1\"],\"notification\":{\"title\":1}}"), "invalid_field", "notification.title");
        refused(server.post("/api", "{\"tokens\":[\"u-1\"],\"notification\":{\"data\":[1]}}"), "invalid_field", "notification.data");
        refused(server.post("/api", "{\"tokens\":[\"u-1\"],\"notification\":{\"badge\":-1}}"), "invalid_field", "notification.badge");
        refused(server.post("/api", "{\"tokens\":[\"u-1\"],\"notification\":{\"title\":\"t\"},\"apns\":[]}"), "invalid_field", "apns");
        refused(server.post("/api", "{\"tokens\":[\"u-1\"],\"notification\":{\"title\":\"t\"},\"mobile\":\"sometimes\"}"),
                "invalid_field", "mobile");
    }

    @Test
    void aPushWithANotificationAndNoDeviceSaysNoneWasQueuedAndTheFateSaysNoDevice() throws Exception {
        JsonNode answer = JSON.readTree(server.post("/api", "{\"tokens\":[\"nobody-here\"],\"notification\":{\"title\":\"t\",\"body\":\"b\"}}").body());
        assertEquals(0, answer.get("devices").asInt(), answer.toString());
        JsonNode fate = JSON.readTree(server.get("/api/messages/" + answer.get("id").asText()).body());
        assertEquals("offline", fate.get("tokens").get("nobody-here").asText(), fate.toString());
        assertEquals("no_device", fate.get("mobile").get("nobody-here").asText(), fate.toString());
        JsonNode plain = JSON.readTree(server.post("/api", "{\"tokens\":[\"nobody-here\"]}").body());
        assertTrue(plain.get("devices") == null, "no notification, no devices field: " + plain);
    }

    @Test
    void devicesNeedAPublishersKey() throws Exception {
        String body = "{\"tokenId\":\"u-1\",\"platform\":\"apns\",\"deviceToken\":\"ab12\"}";
        assertEquals(401, keyed.post("/api/devices", body).statusCode());
        assertEquals(401, keyed.get("/api/devices?token=u-1").statusCode());
        assertEquals(401, keyed.send(keyed.request("/api/devices").method("DELETE", HttpRequest.BodyPublishers.ofString(body)).build())
                .statusCode());
        assertEquals(200, keyed.get("/api/devices?token=u-1", "Authorization", "Bearer " + KEY).statusCode());
    }
}
