package org.pushserver.api;

import org.junit.jupiter.api.Test;
import org.pushserver.testing.RunningServer;

import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CORS_ORIGINS guards publishing as well as the handshake; OPS_KEYS guards what reveals load. */
class OriginAndOpsIT {
    private static final String PUSH = "{\"tokens\":[\"x\"],\"entityType\":\"t\",\"data\":1}";
    private static final String OPS = "ops-key-0123456789abcdef";

    @Test
    void aBrowserPageFromAnOriginNotListedCannotPublish() {
        try (RunningServer server = RunningServer.start("--cors-origins", "https://app.example")) {
            HttpResponse<String> evil = server.post("/api", PUSH, "Origin", "https://evil.example");
            assertEquals(403, evil.statusCode());
            assertTrue(evil.body().contains("\"origin_not_allowed\""), evil.body());
            assertEquals(200, server.post("/api", PUSH, "Origin", "https://app.example").statusCode());
            assertEquals(200, server.post("/api", PUSH).statusCode(), "backends send no Origin");
        }
    }

    @Test
    void withOpsKeysMetricsAndHealthDetailsNeedOneButProbesStayOpen() {
        try (RunningServer server = RunningServer.start("--ops-keys", OPS)) {
            HttpResponse<String> metrics = server.get("/metrics");
            assertEquals(401, metrics.statusCode());
            assertTrue(metrics.body().contains("\"ops_key_required\""), metrics.body());
            assertEquals(401, server.get("/health").statusCode());
            assertEquals(401, server.get("/health", "Authorization", "Bearer wrong-key-0123456789").statusCode());
            assertEquals(200, server.get("/metrics", "Authorization", "Bearer " + OPS).statusCode());
            HttpResponse<String> health = server.get("/health", "Authorization", "Bearer " + OPS);
            assertEquals(200, health.statusCode());
            assertTrue(health.body().contains("\"connections\""), health.body());

            HttpResponse<String> ready = server.get("/health/ready");
            assertEquals(200, ready.statusCode());
            assertFalse(ready.body().contains("connections"), "probes say ok or not, nothing about load");
            assertEquals(200, server.get("/health/live").statusCode());
        }
    }

    @Test
    void opsKeysAreNotApiKeys() {
        try (RunningServer server = RunningServer.start("--ops-keys", OPS, "--api-keys", "api-key-0123456789abcdef")) {
            assertEquals(401, server.post("/api", PUSH, "Authorization", "Bearer " + OPS).statusCode());
            assertEquals(401, server.get("/metrics", "Authorization", "Bearer api-key-0123456789abcdef").statusCode());
        }
    }
}
