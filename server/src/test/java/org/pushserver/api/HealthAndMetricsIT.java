package org.pushserver.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pushserver.testing.ServerExtension;
import org.pushserver.testing.SocketClient;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** /health, /metrics, the home page and CORS, on the same port as Socket.IO. */
class HealthAndMetricsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    static final ServerExtension server = ServerExtension.withArgs(
            "--cors-origins", "http://app.example,http://admin.example");

    @Test
    void healthReportsConnectionsTokensAndStore() throws Exception {
        try (SocketClient client = SocketClient.connect(server.url(), "websocket")) {
            client.loginAs("health-token");
            JsonNode health = JSON.readTree(server.get("/health").body());
            assertEquals("ok", health.get("status").asText());
            assertTrue(health.get("connections").asInt() >= 1);
            assertTrue(health.get("tokensOnline").asInt() >= 1);
            assertTrue(health.get("uptimeSeconds").asLong() >= 0);
            assertTrue(health.has("version"));
            assertEquals("memory", health.get("store").get("mode").asText());
            assertEquals(200, server.get("/health/live").statusCode());
            assertEquals(200, server.get("/health/ready").statusCode());
        }
    }

    @Test
    void metricsExposeSocketsPushesHttpAndJvm() {
        try (SocketClient client = SocketClient.connect(server.url(), "websocket")) {
            client.loginAs("metrics-token");
            server.post("/api", "{\"tokens\":[\"metrics-token\"]}");
            client.nextMessage();
            HttpResponse<String> response = server.get("/metrics");
            assertEquals(200, response.statusCode());
            assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("text/plain"));
            String text = response.body();
            for (String expected : new String[] {
                "pushserver_connections{protocol=\"EIO4\",transport=\"websocket\"} 1.0",
                "pushserver_logins_total{result=\"ok\"}",
                "pushserver_pushes_total",
                "pushserver_deliveries_total",
                "pushserver_push_latency_seconds_bucket",
                "pushserver_http_requests_total{route=\"/api\",status=\"200\"}",
                "jvm_memory_used_bytes",
                "process_cpu_usage"}) {
                assertTrue(text.contains(expected), "missing " + expected);
            }
        }
    }

    @Test
    void homePageSaysWhatTheServerIsAndLinksTheDemo() {
        HttpResponse<String> response = server.get("/");
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("text/html"));
        assertTrue(response.body().contains("/demo/"));
    }

    @Test
    void corsAllowsConfiguredOriginsWithCredentialsAndNoOthers() {
        HttpResponse<String> preflight = server.send(server.request("/api", "Origin", "http://app.example",
                "Access-Control-Request-Method", "POST").method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(204, preflight.statusCode());
        assertEquals("http://app.example", preflight.headers().firstValue("access-control-allow-origin").orElse(""));
        assertEquals("true", preflight.headers().firstValue("access-control-allow-credentials").orElse(""));
        assertTrue(preflight.headers().firstValue("access-control-allow-headers").orElse("").contains("Authorization"));

        HttpResponse<String> foreign = server.get("/health", "Origin", "http://evil.example");
        assertTrue(foreign.headers().firstValue("access-control-allow-origin").isEmpty());
        HttpResponse<String> handshake = server.get("/socket.io/?EIO=4&transport=polling", "Origin", "http://evil.example");
        assertTrue(handshake.statusCode() >= 400, "a handshake from a foreign origin was accepted: " + handshake.statusCode());
        HttpResponse<String> allowed = server.get("/socket.io/?EIO=4&transport=polling", "Origin", "http://admin.example");
        assertEquals(200, allowed.statusCode());
        assertEquals("http://admin.example", allowed.headers().firstValue("access-control-allow-origin").orElse(""));
    }
}
