package org.pushserver.history;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.pushserver.testing.RunningServer;
import org.pushserver.testing.SocketClient;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pushserver.history.HistoryIT.json;
import static org.pushserver.history.HistoryIT.token;

/** {@code Idempotency-Key} on POST /api and /api/broadcast on one node: a retry is answered, not delivered again. */
class IdempotencyIT {

    static String body(String token, String entityType) {
        return "{\"tokens\":[\"" + token + "\"],\"entityType\":\"" + entityType + "\",\"data\":{\"n\":1}}";
    }

    @Test
    void aRetryGetsTheFirstAnswerAndDeliversNothingAgain() {
        try (RunningServer server = RunningServer.start(); SocketClient client = SocketClient.connect(server.url())) {
            String token = token();
            client.loginAs(token);
            HttpResponse<String> first = server.post("/api", body(token, "once"), "Idempotency-Key", "order-1");
            HttpResponse<String> retry = server.post("/api", body(token, "once"), "Idempotency-Key", "order-1");
            assertEquals(200, first.statusCode(), first.body());
            assertEquals(first.body(), retry.body(), "the same answer, id included");
            assertEquals("true", retry.headers().firstValue("Idempotent-Replayed").orElse(""));
            assertEquals("once", client.nextMessage().get("entityType").asText());
            server.post("/api", body(token, "marker"));
            assertEquals("marker", client.nextMessage().get("entityType").asText(), "the retry delivered nothing");
            HttpResponse<String> other = server.post("/api", body(token, "once"), "Idempotency-Key", "order-2");
            assertTrue(!json(other).get("id").equals(json(first).get("id")), "another key is another message");
            assertTrue(server.get("/metrics").body().contains("pushserver_idempotent_replays_total 1.0"));
        }
    }

    @Test
    void racingRetriesDeliverOnceAndAllGetTheSameAnswer() throws Exception {
        try (RunningServer server = RunningServer.start(); SocketClient client = SocketClient.connect(server.url())) {
            String token = token();
            client.loginAs(token);
            List<CompletableFuture<HttpResponse<String>>> racing = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                racing.add(CompletableFuture.supplyAsync(() -> server.post("/api", body(token, "race"), "Idempotency-Key", "race-1")));
            }
            String firstBody = racing.get(0).get().body();
            for (CompletableFuture<HttpResponse<String>> r : racing) {
                assertEquals(200, r.get().statusCode(), r.get().body());
                assertEquals(firstBody, r.get().body());
            }
            assertEquals("race", client.nextMessage().get("entityType").asText());
            server.post("/api", body(token, "marker"));
            assertEquals("marker", client.nextMessage().get("entityType").asText(), "delivered once only");
        }
    }

    @Test
    void theSameKeyWithAnotherBodyIsAConflictAndBroadcastKeysAreTheirOwn() {
        try (RunningServer server = RunningServer.start()) {
            String token = token();
            assertEquals(200, server.post("/api", body(token, "a"), "Idempotency-Key", "k").statusCode());
            HttpResponse<String> conflict = server.post("/api", body(token, "b"), "Idempotency-Key", "k");
            assertEquals(409, conflict.statusCode());
            assertEquals("idempotency_conflict", json(conflict).get("error").asText());
            HttpResponse<String> b1 = server.post("/api/broadcast", "{\"entityType\":\"all\"}", "Idempotency-Key", "k");
            HttpResponse<String> b2 = server.post("/api/broadcast", "{\"entityType\":\"all\"}", "Idempotency-Key", "k");
            assertEquals(200, b1.statusCode(), b1.body());
            assertEquals(json(b1).get("id"), json(b2).get("id"), "a broadcast retry is answered too");
        }
    }

    @Test
    void aBadKeyIsRefusedAndARefusedRequestDoesNotUseItsKey() {
        try (RunningServer server = RunningServer.start()) {
            String token = token();
            for (String key : List.of("x".repeat(256), "k".repeat(4000))) {
                HttpResponse<String> r = server.post("/api", body(token, "a"), "Idempotency-Key", key);
                assertEquals(400, r.statusCode(), r.body());
                assertTrue(json(r).get("message").asText().startsWith("Idempotency-Key:"), r.body());
            }
            assertEquals(200, server.post("/api", body(token, "a"), "Idempotency-Key", "x".repeat(255)).statusCode());
            HttpResponse<String> bad = server.post("/api", "{\"tokens\":5}", "Idempotency-Key", "fix-me");
            assertEquals(400, bad.statusCode());
            JsonNode fixed = json(server.post("/api", body(token, "a"), "Idempotency-Key", "fix-me"));
            assertEquals(0, fixed.get("responseCode").asInt(), "a refused request leaves its key free: " + fixed);
        }
    }
}
