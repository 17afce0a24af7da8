package org.pushserver.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.pushserver.history.StoredMessage;
import org.pushserver.testing.RedisProcess;
import org.pushserver.testing.RunningServer;
import org.pushserver.testing.SocketClient;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pushserver.cluster.ClusterTesting.assertNothingMoreThan;
import static org.pushserver.cluster.ClusterTesting.json;
import static org.pushserver.cluster.ClusterTesting.presence;
import static org.pushserver.cluster.ClusterTesting.pushBody;
import static org.pushserver.cluster.ClusterTesting.token;
import static org.pushserver.testing.Await.await;

/** Ids, history, inbox, fates and idempotent publishing on two nodes sharing one Redis; then Redis goes away and back. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterHistoryIT {
    private static final long TIMEOUT_MS = 3000; // generous: a loaded 2-core machine delays Redis calls by a second
    private static RedisProcess redis;
    private static String prefix;
    private static RunningServer a;
    private static RunningServer b;

    @BeforeAll
    static void start() {
        redis = RedisProcess.start();
        prefix = ClusterTesting.prefix();
        a = node();
        b = node();
        await("both nodes are ready", Duration.ofSeconds(10),
                () -> a.get("/health/ready").statusCode() == 200 && b.get("/health/ready").statusCode() == 200);
    }

    private static RunningServer node() {
        return RunningServer.start("--redis-url", redis.url(), "--redis-prefix", prefix,
                "--node-ttl-ms", "3000", "--redis-timeout-ms", Long.toString(TIMEOUT_MS));
    }

    @AfterAll
    static void stop() {
        ClusterTesting.closeAll(a, b);
        if (redis != null) {
            redis.close();
        }
    }

    private static JsonNode history(RunningServer node, String query) {
        HttpResponse<String> r = node.get("/api/history?" + query);
        assertEquals(200, r.statusCode(), r.body());
        return json(r);
    }

    private static List<String> ids(JsonNode history) {
        List<String> out = new ArrayList<>();
        history.get("messages").forEach(m -> out.add(m.get("id").asText()));
        return out;
    }

    private static long seq(String id) {
        return Long.parseLong(id.substring(id.lastIndexOf('-') + 1));
    }

    @Test
    void idsAreOrderedPerTokenWhicheverNodeAcceptedThePushAndEitherNodeAnswersTheHistory() {
        String t = token();
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            RunningServer via = i % 2 == 0 ? a : b;
            JsonNode answer = json(via.post("/api", pushBody("n" + i, t)));
            assertTrue(answer.get("stored").asBoolean(), answer.toString());
            sent.add(answer.get("id").asText());
        }
        for (int i = 1; i < sent.size(); i++) {
            assertTrue(seq(sent.get(i)) > seq(sent.get(i - 1)), "ids grow per token across nodes: " + sent);
        }
        assertEquals(sent, ids(history(a, "token=" + t)));
        assertEquals(sent, ids(history(b, "token=" + t)), "the other node answers the same history");
        assertEquals(sent.subList(3, 6), ids(history(b, "token=" + t + "&since=" + sent.get(2))));
        String broadcast = json(b.post("/api/broadcast", "{\"entityType\":\"all\"}")).get("id").asText();
        assertEquals(List.of(sent.get(5), broadcast), ids(history(a, "token=" + t + "&since=" + sent.get(4))),
                "broadcasts are in every token's history");
        assertEquals(400, a.get("/api/history?token=" + t + "&since=" + json(a.post("/api", pushBody("x", token())))
                .get("id").asText()).statusCode(), "another token's id is refused");
    }

    @Test
    void theInboxAndFatesAreSharedByTheNodes() throws Exception {
        String off = token();
        String on = token();
        try (SocketClient onB = SocketClient.connect(b.url())) {
            onB.loginAs(on);
            await("A sees the socket on B", Duration.ofSeconds(5), () -> presence(a, on) == 1);
            JsonNode sent = json(a.post("/api", "{\"tokens\":[\"" + on + "\",\"" + off + "\"],\"entityType\":\"chat\","
                    + "\"data\":{\"x\":\"a|b\"},\"ttl\":60}"));
            assertEquals(List.of(off), List.of(sent.get("queued").get(0).asText()), sent.toString());
            assertEquals(1, sent.get("queued").size());
            String id = sent.get("id").asText();
            assertEquals(id, onB.nextMessage().get("data").get("x").asText().equals("a|b") ? id : "");

            JsonNode fate = json(b.get("/api/messages/" + id));
            assertEquals("delivered", fate.get("tokens").get(on).asText(), fate.toString());
            assertEquals("pending", fate.get("tokens").get(off).asText());

            List<StoredMessage> inbox = b.server().history().takeInbox(off).get();
            assertEquals(List.of(id), inbox.stream().map(StoredMessage::id).toList(), "queued on A, taken on B");
            assertEquals("{\"x\":\"a|b\"}", inbox.get(0).message().dataJson());
            assertEquals("chat", inbox.get(0).message().entityType());
            assertEquals(List.of(), a.server().history().takeInbox(off).get(), "taken once, cluster-wide");
            b.server().history().delivered(id, off);
            await("the fate is delivered on A too", Duration.ofSeconds(5),
                    () -> "delivered".equals(json(a.get("/api/messages/" + id)).get("tokens").get(off).asText()));

            String lost = json(a.post("/api", pushBody("gone", off))).get("id").asText();
            assertEquals("offline", json(b.get("/api/messages/" + lost)).get("tokens").get(off).asText());
            String brief = json(a.post("/api", "{\"tokens\":[\"" + off + "\"],\"entityType\":\"x\",\"ttl\":1}")).get("id").asText();
            await("its ttl passes", Duration.ofSeconds(5),
                    () -> "expired".equals(json(b.get("/api/messages/" + brief)).get("tokens").get(off).asText()));
            assertEquals(List.of(), b.server().history().takeInbox(off).get(), "an expired message is not delivered");
            assertEquals(404, a.get("/api/messages/" + lost.replaceAll("-\\d+$", "-999999")).statusCode());
        }
    }

    @Test
    void racingRetriesOnTwoNodesDeliverOnceAndGetTheSameAnswer() throws Exception {
        String t = token();
        try (SocketClient client = SocketClient.connect(a.url())) {
            client.loginAs(t);
            await("B sees the socket on A", Duration.ofSeconds(5), () -> presence(b, t) == 1);
            List<CompletableFuture<HttpResponse<String>>> racing = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                RunningServer via = i % 2 == 0 ? a : b;
                racing.add(CompletableFuture.supplyAsync(() -> via.post("/api", pushBody("race", t), "Idempotency-Key", "race-" + t)));
            }
            String first = racing.get(0).get().body();
            for (CompletableFuture<HttpResponse<String>> r : racing) {
                assertEquals(200, r.get().statusCode(), r.get().body());
                assertEquals(first, r.get().body(), "every retry gets the first answer");
            }
            assertEquals("race", client.nextMessage().get("entityType").asText());
            assertNothingMoreThan(b, client, t);
            await("B is ready (a loaded machine may have delayed a heartbeat)", Duration.ofSeconds(10),
                    () -> b.get("/health/ready").statusCode() == 200);
            HttpResponse<String> conflict = b.post("/api", pushBody("other", t), "Idempotency-Key", "race-" + t);
            assertEquals(409, conflict.statusCode());
            assertEquals("idempotency_conflict", json(conflict).get("error").asText());
        }
    }

    @Test
    void acceptedMessagesOutliveTheNodeThatAcceptedThem() {
        String t = token();
        RunningServer doomed = node();
        String id;
        try {
            id = json(doomed.post("/api", pushBody("kept", t))).get("id").asText();
        } finally {
            doomed.close();
        }
        assertEquals(List.of(id), ids(history(b, "token=" + t)), "stored in Redis, answered by another node");
    }

    @Test
    void withHistoryOffANodeAsksRedisNothingForAPlainPushButStillQueuesATtlPushClusterWide() throws Exception {
        String t = token();
        RunningServer off = RunningServer.start("--redis-url", redis.url(), "--redis-prefix", prefix, "--node-ttl-ms", "3000",
                "--redis-timeout-ms", Long.toString(TIMEOUT_MS), "--history-size", "0");
        try {
            JsonNode plain = json(off.post("/api", pushBody("plain", t)));
            assertFalse(plain.has("stored"), "nothing was to be kept: " + plain);
            assertFalse(ids(history(a, "token=" + t)).contains(plain.get("id").asText()), "not in the shared history");
            JsonNode kept = json(off.post("/api", "{\"tokens\":[\"" + t + "\"],\"entityType\":\"x\",\"ttl\":60}"));
            assertTrue(kept.get("stored").asBoolean(), kept.toString());
            assertEquals("pending", json(a.get("/api/messages/" + kept.get("id").asText())).get("tokens").get(t).asText());
            assertEquals(List.of(kept.get("id").asText()),
                    a.server().history().takeInbox(t).get().stream().map(StoredMessage::id).toList(), "queued cluster-wide");
        } finally {
            off.close();
        }
    }

    @Test
    @Order(Integer.MAX_VALUE) // stops Redis: the others run first
    void withoutRedisLiveDeliveryGoesOnUnstoredAndStoringResumesWhenItReturns() {
        redis.assumeControllable();
        String t = token();
        try (SocketClient onA = SocketClient.connect(a.url())) {
            onA.loginAs(t);
            String before = json(a.post("/api", pushBody("before", t))).get("id").asText();
            assertEquals("before", onA.nextMessage().get("entityType").asText());
            redis.stop();
            try {
                await("A knows redis is down", Duration.ofSeconds(5), () -> a.get("/health/ready").statusCode() == 503);
                long start = System.nanoTime();
                HttpResponse<String> r = a.post("/api", pushBody("live", t));
                assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < TIMEOUT_MS + 500);
                assertEquals(200, r.statusCode(), r.body());
                assertFalse(json(r).get("stored").asBoolean(), "the answer says it was not kept: " + r.body());
                assertEquals("live", onA.nextMessage().get("entityType").asText(), "live delivery goes on");
                start = System.nanoTime();
                JsonNode h = history(a, "token=" + t + "&since=" + before);
                assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < TIMEOUT_MS + 500, "no hanging");
                assertFalse(h.get("covered").asBoolean(), h.toString());
                assertEquals(0, h.get("messages").size());
                assertTrue(a.get("/metrics").body().contains("pushserver_history_not_stored_total{what=\"history\"}"));
            } finally {
                redis.startAgain(); // empty: a new history epoch
            }
            await("A is ready again", Duration.ofSeconds(10), () -> a.get("/health/ready").statusCode() == 200);
            List<String> stored = new ArrayList<>();
            await("storing resumes without a restart", Duration.ofSeconds(10), () -> {
                JsonNode again = json(a.post("/api", pushBody("again", t)));
                if (again.get("stored").asBoolean()) {
                    stored.add(again.get("id").asText());
                }
                return !stored.isEmpty();
            });
            await("B answers the new history", Duration.ofSeconds(10), () -> b.get("/health/ready").statusCode() == 200);
            assertEquals(stored, ids(history(b, "token=" + t)), "only what was stored after the return");
            JsonNode lost = history(b, "token=" + t + "&since=" + before);
            assertFalse(lost.get("covered").asBoolean(), "an id of the lost history is never answered partially: " + lost);
        }
    }
}
