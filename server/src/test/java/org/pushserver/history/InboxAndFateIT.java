package org.pushserver.history;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.pushserver.testing.Await;
import org.pushserver.testing.RunningServer;
import org.pushserver.testing.SocketClient;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pushserver.history.HistoryIT.json;
import static org.pushserver.history.HistoryIT.token;

/** The offline inbox ({@code ttl}) and each message's fate ({@code GET /api/messages/{id}}) on one node. */
class InboxAndFateIT {

    private static JsonNode push(RunningServer server, String body) {
        HttpResponse<String> r = server.post("/api", body);
        assertEquals(200, r.statusCode(), r.body());
        return json(r);
    }

    private static JsonNode fate(RunningServer server, String id) {
        HttpResponse<String> r = server.get("/api/messages/" + id);
        assertEquals(200, r.statusCode(), r.body());
        return json(r);
    }

    @Test
    void fateSaysDeliveredOfflineOrPendingPerTokenAndTheInboxHoldsTheTtlPushes() throws Exception {
        try (RunningServer server = RunningServer.start(); SocketClient online = SocketClient.connect(server.url())) {
            String on = token();
            String off = token();
            online.loginAs(on);
            JsonNode kept = push(server, "{\"tokens\":[\"" + on + "\",\"" + off + "\"],\"entityType\":\"chat\",\"data\":{\"t\":1},\"ttl\":60}");
            assertEquals(List.of(off), List.of(kept.get("queued").get(0).asText()), "queued only for the token without a socket: " + kept);
            assertEquals(1, kept.get("queued").size());
            assertTrue(kept.get("stored").asBoolean());
            String id = kept.get("id").asText();
            assertEquals(id, online.nextMessage().get("data").get("t").asInt() == 1 ? id : null);

            JsonNode fate = fate(server, id);
            assertEquals(id, fate.get("id").asText());
            assertTrue(fate.get("createdAt").asLong() > 0);
            assertEquals("delivered", fate.get("tokens").get(on).asText());
            assertEquals("pending", fate.get("tokens").get(off).asText());

            String lost = push(server, "{\"tokens\":[\"" + off + "\"],\"entityType\":\"chat\"}").get("id").asText();
            assertEquals("offline", fate(server, lost).get("tokens").get(off).asText(), "no socket and no ttl");

            MessageLog history = server.server().history();
            List<StoredMessage> inbox = history.takeInbox(off).get();
            assertEquals(List.of(id), inbox.stream().map(StoredMessage::id).toList(), "only the ttl push waits");
            assertEquals("{\"t\":1}", inbox.get(0).message().dataJson());
            assertEquals(List.of(), history.takeInbox(off).get(), "taken once");
            history.delivered(id, off);
            assertEquals("delivered", fate(server, id).get("tokens").get(off).asText());
        }
    }

    @Test
    void aTtlThatPassesBeforeTheLoginExpiresTheMessage() throws Exception {
        try (RunningServer server = RunningServer.start()) {
            String off = token();
            String id = push(server, "{\"tokens\":[\"" + off + "\"],\"entityType\":\"chat\",\"ttl\":1}").get("id").asText();
            assertEquals("pending", fate(server, id).get("tokens").get(off).asText());
            Await.await("the ttl passes", Duration.ofSeconds(5),
                    () -> "expired".equals(fate(server, id).get("tokens").get(off).asText()));
            assertEquals(List.of(), server.server().history().takeInbox(off).get(), "an expired message is not delivered");
        }
    }

    @Test
    void theInboxKeepsAtMostInboxSizeMessagesPerToken() throws Exception {
        try (RunningServer server = RunningServer.start("--inbox-size", "2")) {
            String off = token();
            String[] ids = new String[3];
            for (int i = 0; i < 3; i++) {
                ids[i] = push(server, "{\"tokens\":[\"" + off + "\"],\"entityType\":\"n\",\"ttl\":60}").get("id").asText();
            }
            assertEquals("expired", fate(server, ids[0]).get("tokens").get(off).asText(), "the oldest made room");
            assertEquals(List.of(ids[1], ids[2]),
                    server.server().history().takeInbox(off).get().stream().map(StoredMessage::id).toList());
        }
    }

    @Test
    void anUnknownIdIsA404WithAJsonError() {
        try (RunningServer server = RunningServer.start()) {
            for (String id : List.of("abc-1", "nonsense", "x".repeat(500))) {
                HttpResponse<String> r = server.get("/api/messages/" + id);
                assertEquals(404, r.statusCode(), r.body());
                assertEquals("message_not_found", json(r).get("error").asText());
            }
            assertEquals(404, server.get("/api/messages/").statusCode());
        }
    }

    @Test
    void aBadTtlIsRefusedNamingTheFieldAndDeliversNothing() {
        try (RunningServer server = RunningServer.start("--max-ttl-seconds", "3600");
             SocketClient client = SocketClient.connect(server.url())) {
            String token = token();
            client.loginAs(token);
            for (String ttl : List.of("-1", "1.5", "\"abc\"", "true", "3601", "[1]", "99999999999999999999")) {
                HttpResponse<String> r = server.post("/api", "{\"tokens\":[\"" + token + "\"],\"entityType\":\"bad\",\"ttl\":" + ttl + "}");
                assertEquals(400, r.statusCode(), ttl + " → " + r.body());
                assertEquals("invalid_field", json(r).get("error").asText());
                assertTrue(json(r).get("message").asText().startsWith("ttl:"), r.body());
            }
            HttpResponse<String> form = server.send(server.request("/api").header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("tokens=nobody-" + token + "&entityType=f&ttl=30")).build());
            assertEquals(200, form.statusCode(), form.body());
            assertEquals(1, json(form).get("queued").size(), "a form body's ttl counts too");
            server.post("/api", "{\"tokens\":[\"" + token + "\"],\"entityType\":\"marker\"}");
            assertEquals("marker", client.nextMessage().get("entityType").asText(), "no refused push was delivered");
        }
    }
}
