package org.pushserver.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pushserver.testing.ServerExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** With API keys configured, publishing routes need the key; the others stay open. */
class ApiKeyIT {
    private static final String KEY = "it-key-0123456789abcdef";
    @RegisterExtension
    static final ServerExtension server = ServerExtension.withArgs("--api-keys", "old-key-0123456789abcdef," + KEY);

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
