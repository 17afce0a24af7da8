package org.pushserver.api;

import org.junit.jupiter.api.Test;
import org.pushserver.testing.Await;
import org.pushserver.testing.RunningServer;

import java.net.http.HttpResponse;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rate limits per API key and on broadcasts, answered 429 with Retry-After, counted, and lifted when the window ends. */
class PublishLimitsIT {
    private static final String KEY = "rate-key-0123456789abcdef";
    private static final String OTHER = "rate-key-fedcba9876543210";
    private static final String PUSH = "{\"tokens\":[\"nobody\"],\"entityType\":\"t\",\"data\":1}";

    private static HttpResponse<String> push(RunningServer server, String key) {
        return server.post("/api", PUSH, "Authorization", "Bearer " + key);
    }

    @Test
    void aKeyOverItsRateIsAnswered429UntilTheNextSecondWhileOtherKeysGoOn() {
        try (RunningServer server = RunningServer.start("--api-keys", KEY + "," + OTHER, "--pushes-per-second-per-key", "3")) {
            HttpResponse<String> limited = null;
            for (int i = 0; i < 20 && limited == null; i++) { // 3 pass per window; the 4th within it is refused
                HttpResponse<String> r = push(server, KEY);
                if (r.statusCode() == 429) {
                    limited = r;
                } else {
                    assertEquals(200, r.statusCode(), r.body());
                }
            }
            assertTrue(limited != null, "never limited");
            assertTrue(limited.body().contains("\"rate_limited\""), limited.body());
            assertEquals("1", limited.headers().firstValue("Retry-After").orElse(""));
            assertEquals(200, push(server, OTHER).statusCode(), "another key has its own budget");
            Await.await("the next window", Duration.ofSeconds(5), () -> push(server, KEY).statusCode() == 200);
            assertTrue(server.get("/metrics").body().contains("pushserver_rate_limited_total{limit=\"pushes_per_key\"}"));
        }
    }

    @Test
    void broadcastsOverThePerMinuteLimitAreAnswered429WithTheSecondsLeft() {
        try (RunningServer server = RunningServer.start("--broadcasts-per-minute", "2")) {
            String body = "{\"entityType\":\"notice\",\"data\":\"maintenance\"}";
            assertEquals(200, server.post("/api/broadcast", body).statusCode());
            assertEquals(200, server.post("/api/broadcast", body).statusCode());
            HttpResponse<String> third = server.post("/api/broadcast", body);
            assertEquals(429, third.statusCode(), third.body());
            int retryAfter = Integer.parseInt(third.headers().firstValue("Retry-After").orElse("0"));
            assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
            assertEquals(400, server.post("/api/broadcast", "{").statusCode(), "a bad body is still told what is wrong");
            assertEquals(200, push(server, "").statusCode(), "pushes are not broadcasts");
        }
    }

    @Test
    void withoutLimitsConfiguredNothingIsRateLimited() {
        try (RunningServer server = RunningServer.start("--broadcasts-per-minute", "0")) {
            for (int i = 0; i < 100; i++) {
                assertEquals(200, server.post("/api/broadcast", "{\"entityType\":\"n\",\"data\":" + i + "}").statusCode());
            }
        }
    }
}
