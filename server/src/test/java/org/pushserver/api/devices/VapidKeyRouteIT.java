package org.pushserver.api.devices;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pushserver.testing.RunningServer;
import org.pushserver.testing.ServerExtension;
import org.pushserver.testing.VapidKeys;

import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GET /api/webpush/vapid-public-key: what a page passes to pushManager.subscribe. */
class VapidKeyRouteIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final VapidKeys KEYS = VapidKeys.generate();
    @RegisterExtension
    static final ServerExtension server = ServerExtension.withArgs(() -> concat(KEYS.flags("127.0.0.1"), "--api-keys", "publisher-key-0123456789"));

    @Test
    void theRouteAnswersTheConfiguredPublicKeyWithoutAnApiKey() throws Exception {
        HttpResponse<String> response = server.get("/api/webpush/vapid-public-key");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(KEYS.publicKey(), JSON.readTree(response.body()).get("publicKey").asText());
    }

    @Test
    void theRouteIsNotFoundWhileWebPushIsOff() throws Exception {
        try (RunningServer off = RunningServer.start()) {
            HttpResponse<String> response = off.get("/api/webpush/vapid-public-key");
            assertEquals(404, response.statusCode());
            JsonNode error = JSON.readTree(response.body());
            assertEquals("not_found", error.get("error").asText());
            assertTrue(error.get("message").asText().contains("VAPID_PUBLIC_KEY"), error.toString());
        }
    }

    @Test
    void otherMethodsAreRefused() {
        assertEquals(405, server.post("/api/webpush/vapid-public-key", "{}").statusCode());
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
