package org.pushserver.auth;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pushserver.testing.RunningServer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** With API keys configured, publishing routes need the key; the others stay open. */
class ApiKeyIT {
    private static final String KEY = "it-key-0123456789abcdef";
    private static RunningServer server;

    @BeforeAll
    static void start() {
        server = RunningServer.start("--api-keys", "old-key-0123456789abcdef," + KEY);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void pushWithoutKeyIsAnswered401() {
        var response = server.post("/api", "{\"tokens\":[1]}");
        assertEquals(401, response.statusCode());
        assertTrue(response.body().contains("\"unauthorized\""));
    }

    @Test
    void pushWithAWrongKeyIsAnswered401() {
        assertEquals(401, server.post("/api", "{\"tokens\":[1]}", "Authorization", "Bearer wrong").statusCode());
    }

    @Test
    void pushWithEitherConfiguredKeyIsAccepted() {
        assertEquals(200, server.post("/api", "{\"tokens\":[1]}", "Authorization", "Bearer " + KEY).statusCode());
        assertEquals(200, server.post("/api", "{\"tokens\":[1]}", "Authorization", "Bearer old-key-0123456789abcdef").statusCode());
        assertEquals(401, server.get("/api/online?tokens=1").statusCode());
    }

    @Test
    void healthAndMetricsNeedNoKey() {
        assertEquals(200, server.get("/health").statusCode());
        assertEquals(200, server.get("/metrics").statusCode());
    }
}
