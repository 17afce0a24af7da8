package org.pushserver.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.pushserver.testing.RunningServer;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Message ids and GET /api/history on one node, over real HTTP. */
class HistoryIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    static String token() {
        return "t-" + UUID.randomUUID();
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    static JsonNode history(RunningServer server, String query) {
        HttpResponse<String> r = server.get("/api/history?" + query);
        assertEquals(200, r.statusCode(), r.body());
        return json(r);
    }

    static List<String> ids(JsonNode history) {
        List<String> out = new ArrayList<>();
        history.get("messages").forEach(m -> out.add(m.get("id").asText()));
        return out;
    }

    @Test
    void everyPushGetsAnIdAndHistoryListsThemInOrderWithTheirData() {
        try (RunningServer server = RunningServer.start()) {
            String token = token();
            List<String> sent = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                sent.add(server.push(List.of(token), "n", "{\"i\":" + i + "}").get("id").asText());
            }
            assertEquals(5, sent.stream().distinct().count(), "ids are unique: " + sent);
            JsonNode all = history(server, "token=" + token);
            assertEquals(sent, ids(all), "history lists the token's messages oldest first");
            assertTrue(all.get("covered").asBoolean());
            assertEquals(3, all.get("messages").get(3).get("data").get("i").asInt(), "data kept as sent");
            assertEquals("n", all.get("messages").get(0).get("entityType").asText());

            JsonNode after = history(server, "token=" + token + "&since=" + sent.get(1) + "&limit=2");
            assertEquals(sent.subList(2, 4), ids(after), "since and limit");
            assertTrue(after.get("more").asBoolean(), "the limit cut the list");
            JsonNode rest = history(server, "token=" + token + "&since=" + sent.get(3));
            assertEquals(sent.subList(4, 5), ids(rest));
            assertFalse(rest.get("more").asBoolean());
            assertEquals(List.of(), ids(history(server, "token=" + token + "&since=" + sent.get(4))), "nothing after the last");
        }
    }

    @Test
    void idsAreOrderedPerTokenAcrossTokensAndBroadcasts() {
        try (RunningServer server = RunningServer.start()) {
            String a = token();
            String b = token();
            String first = server.push(List.of(a), "n", "1").get("id").asText();
            String other = server.push(List.of(b), "n", "2").get("id").asText();
            String broadcast = json(server.post("/api/broadcast", "{\"entityType\":\"all\",\"data\":3}")).get("id").asText();
            String last = server.push(List.of(a, b), "n", "4").get("id").asText();
            assertEquals(List.of(first, broadcast, last), ids(history(server, "token=" + a)),
                    "a token's history holds its own messages and broadcasts, in the order they were sent");
            assertEquals(List.of(broadcast, last), ids(history(server, "token=" + a + "&since=" + first)));
            assertEquals(List.of(other, broadcast, last), ids(history(server, "token=" + b)));
        }
    }

    @Test
    void historyShorterThanTheGapAnswersNotCoveredAndNoMessages() {
        try (RunningServer server = RunningServer.start("--history-size", "3")) {
            String token = token();
            List<String> sent = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                sent.add(server.push(List.of(token), "n", "{}").get("id").asText());
            }
            JsonNode gap = history(server, "token=" + token + "&since=" + sent.get(0));
            assertFalse(gap.get("covered").asBoolean(), "messages after the id were dropped: " + gap);
            assertEquals(0, gap.get("messages").size(), "never a partial answer");
            JsonNode edge = history(server, "token=" + token + "&since=" + sent.get(1));
            assertTrue(edge.get("covered").asBoolean(), "the last dropped id still covers what follows it: " + edge);
            assertEquals(sent.subList(2, 5), ids(edge));
            assertTrue(server.get("/metrics").body().contains("pushserver_history_evictions_total{reason=\"size\"} 2.0"));
        }
    }

    @Test
    void anIdFromAnotherServerIncarnationIsNotCovered() {
        String stale;
        try (RunningServer before = RunningServer.start()) {
            stale = before.push(List.of("u-1"), "n", "{}").get("id").asText();
        }
        try (RunningServer server = RunningServer.start()) {
            server.push(List.of("u-1"), "n", "{}");
            JsonNode r = history(server, "token=u-1&since=" + stale);
            assertFalse(r.get("covered").asBoolean(), "a lost history's id is never answered with a partial list: " + r);
            assertNotEquals(stale, server.push(List.of("u-1"), "n", "{}").get("id").asText());
        }
    }

    @Test
    void historyMaxBytesEvictsTheOldestFirst() {
        try (RunningServer server = RunningServer.start("--history-max-bytes", "1048576")) {
            String token = token();
            String big = "\"" + "x".repeat(100_000) + "\"";
            List<String> sent = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                sent.add(server.push(List.of(token), "n", big).get("id").asText());
            }
            JsonNode held = history(server, "token=" + token);
            List<String> kept = ids(held);
            assertTrue(kept.size() < 10 && !kept.isEmpty(), "at ~200 KB each, 1 MiB holds a few: " + kept.size());
            assertEquals(sent.subList(10 - kept.size(), 10), kept, "the newest are kept, the oldest went first");
            assertFalse(held.get("covered").asBoolean(), "the answer says older ones were dropped");
            String metrics = server.get("/metrics").body();
            assertTrue(metrics.contains("pushserver_history_evictions_total{reason=\"bytes\"}"), "evictions are counted");
            long bytes = (long) Double.parseDouble(metrics.lines().filter(l -> l.startsWith("pushserver_history_bytes "))
                    .findFirst().orElseThrow().split(" ")[1]);
            assertTrue(bytes > 0 && bytes <= 1048576, "bytes held are visible and within the bound: " + bytes);
        }
    }

    @Test
    void historySizeZeroKeepsNothingButStillGivesIds() {
        try (RunningServer server = RunningServer.start("--history-size", "0")) {
            String token = token();
            JsonNode answer = server.push(List.of(token), "n", "{}");
            assertTrue(answer.get("id").asText().matches("[a-z0-9]+-\\d+"), answer.toString());
            assertFalse(answer.has("stored"), "nothing was to be kept: " + answer);
            JsonNode r = history(server, "token=" + token);
            assertFalse(r.get("covered").asBoolean());
            assertEquals(0, r.get("messages").size());
            assertEquals(404, server.get("/api/messages/" + answer.get("id").asText()).statusCode(), "no fate is kept");
            assertTrue(server.get("/metrics").body().contains("pushserver_history_messages 0.0"));
        }
    }

    @Test
    void badHistoryQueriesAreRefusedNamingTheField() {
        try (RunningServer server = RunningServer.start()) {
            String a = token();
            String own = server.push(List.of(a), "n", "{}").get("id").asText();
            String foreign = server.push(List.of(token()), "n", "{}").get("id").asText();
            server.push(List.of(a), "n", "{}");
            String[][] cases = {
                    {"", "token"}, {"token=", "token"}, {"token=" + "x".repeat(300), "token"},
                    {"token=" + a + "&limit=0", "limit"}, {"token=" + a + "&limit=abc", "limit"}, {"token=" + a + "&limit=5000", "limit"},
                    {"token=" + a + "&since=nonsense", "since"}, {"token=" + a + "&since=" + own.split("-")[0] + "-999999", "since"},
                    {"token=" + a + "&since=" + foreign, "since"}, {"token=" + a + "&token=b", "token"},
            };
            for (String[] c : cases) {
                HttpResponse<String> r = server.get("/api/history?" + c[0]);
                assertEquals(400, r.statusCode(), c[0] + " → " + r.body());
                assertEquals("invalid_field", json(r).get("error").asText());
                assertTrue(json(r).get("message").asText().startsWith(c[1] + ":"), c[0] + " → " + r.body());
            }
            assertEquals(1, history(server, "token=" + a + "&since=" + own).get("messages").size(), "its own id is fine");
            assertEquals(405, server.post("/api/history?token=" + a, "{}").statusCode());
        }
    }

    @Test
    void historyNeedsThePublishersKey() {
        try (RunningServer server = RunningServer.start("--api-keys", "history-key-0123456789")) {
            assertEquals(401, server.get("/api/history?token=a").statusCode());
            assertEquals(401, server.get("/api/messages/abc-1").statusCode());
            assertEquals(200, server.get("/api/history?token=a", "Authorization", "Bearer history-key-0123456789").statusCode());
        }
    }
}
