package org.pushserver.socket.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.socket.client.Ack;
import org.json.JSONObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pushserver.testing.RawWebSocket;
import org.pushserver.testing.RunningServer;
import org.pushserver.testing.ServerExtension;
import org.pushserver.testing.SocketClient;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pushserver.testing.Await.await;

/**
 * Client acks (Java io.socket 2.x, one node): a socket that logs in with {@code "acks": true} gets each
 * {@code receive_message} with an ack id; a message counts as delivered only once acked; an unacked message with a
 * ttl comes again at the next login, and an acked one does not.
 */
@DisplayName("Client acks: delivered only when acked, redelivered at the next login otherwise")
class ClientAcksIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    static final ServerExtension server = ServerExtension.withArgs();

    /** A receive_message as the listener got it: its payload and its ack callback (null without an ack id). */
    record Received(JsonNode payload, Ack ack) {
    }

    /**
     * Connects, logs in as {@code token} with {@code acks} and {@code "lastMessageId": null} (as the demo page and SDK
     * do, to get ids), and collects receive_message with their ack callbacks.
     */
    static SocketClient loginWithAcks(String token, boolean acks, BlockingQueue<Received> into) {
        SocketClient client = SocketClient.connect(server.url());
        client.raw().on("receive_message", args -> {
            Ack ack = args.length > 1 && args[args.length - 1] instanceof Ack a ? a : null;
            try {
                into.add(new Received(JSON.readTree(String.valueOf(args[0])), ack));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Map<String, Object> fields = new java.util.LinkedHashMap<>(Map.of("tokenId", token, "acks", acks));
        fields.put("lastMessageId", JSONObject.NULL);
        JSONObject login = new JSONObject(fields);
        JsonNode answer = client.login(login);
        assertTrue(answer.path("ok").asBoolean(), answer::toString);
        return client;
    }

    static Received next(BlockingQueue<Received> queue) throws InterruptedException {
        Received r = queue.poll(SocketClient.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(r, "no receive_message within " + SocketClient.WAIT);
        return r;
    }

    static String fate(String id, String token) {
        HttpResponse<String> r = server.get("/api/messages/" + id);
        try {
            return JSON.readTree(r.body()).path("tokens").path(token).asText();
        } catch (Exception e) {
            throw new AssertionError(r.body(), e);
        }
    }

    static String pushWithTtl(String token, String entityType) {
        HttpResponse<String> r = server.post("/api", "{\"tokens\":[\"" + token + "\"],\"entityType\":\"" + entityType + "\",\"data\":1,\"ttl\":60}");
        assertEquals(200, r.statusCode(), r.body());
        try {
            return JSON.readTree(r.body()).get("id").asText();
        } catch (Exception e) {
            throw new AssertionError(r.body(), e);
        }
    }

    @Test
    void anUnackedMessageWithTtlIsDeliveredAgainAtTheNextLoginAndAnAckedOneIsNot() throws Exception {
        String token = "acks-" + UUID.randomUUID();
        String id;
        BlockingQueue<Received> first = new LinkedBlockingQueue<>();
        try (SocketClient client = loginWithAcks(token, true, first)) {
            id = pushWithTtl(token, "important");
            Received r = next(first);
            assertEquals(id, r.payload().path("id").asText(), r.payload()::toString);
            assertNotNull(r.ack(), "an acks:true socket gets receive_message with an ack id");
            assertNotEquals("delivered", fate(id, token), "written but not acked is not delivered");
        } // closed without acking: the app crashed before it showed the message

        BlockingQueue<Received> second = new LinkedBlockingQueue<>();
        try (SocketClient client = loginWithAcks(token, true, second)) {
            Received again = next(second);
            assertEquals(id, again.payload().path("id").asText(), "the unacked message comes again");
            again.ack().call();
            await("fate delivered once acked", Duration.ofSeconds(5), () -> fate(id, token).equals("delivered"));
        }

        BlockingQueue<Received> third = new LinkedBlockingQueue<>();
        try (SocketClient client = loginWithAcks(token, true, third)) {
            server.push(List.of(token), "marker", "null");
            assertEquals("marker", next(third).payload().path("entityType").asText(), "an acked message is not delivered again");
        }
    }

    @Test
    void aSocketWithoutAcksGetsNoAckIdAndItsMessagesAreDeliveredWhenWritten() throws Exception {
        String token = "noacks-" + UUID.randomUUID();
        BlockingQueue<Received> got = new LinkedBlockingQueue<>();
        try (SocketClient client = loginWithAcks(token, false, got)) {
            String id = server.push(List.of(token), "n", "1").get("id").asText();
            assertNull(next(got).ack(), "no ack id unless the socket asked for acks");
            await("delivered when written", Duration.ofSeconds(5), () -> fate(id, token).equals("delivered"));
        }
    }

    @Test
    void anAckForAnUnknownOrAnotherSocketsAckIdChangesNothing() throws Exception {
        String mine = "acks-mine-" + UUID.randomUUID();
        String theirs = "acks-theirs-" + UUID.randomUUID();
        try (RawWebSocket a = RawWebSocket.loggedInWithAcks(server, mine); RawWebSocket b = RawWebSocket.loggedInWithAcks(server, theirs)) {
            String id = pushWithTtl(theirs, "x");
            RawWebSocket.AckedPush got = b.ackedPush();
            assertEquals(id, got.messageId());

            a.send("43" + got.ackId() + "[]"); // b's ack id, from a: a has no such ack pending
            a.send("43987654321[]"); // an id nobody was given
            a.send("43" + got.ackId() + "[\"extra\",{\"x\":1}]");
            a.send("422[\"user_login\",{\"tokenId\":\"" + mine + "\",\"acks\":true}]");
            a.expect("432[{\"ok\":true"); // read in order: the acks above were handled before this answer
            assertEquals("pending", fate(id, theirs), "another socket's ack does not deliver b's message");
            server.push(List.of(mine), "probe", "1");
            assertEquals(200, server.get("/api/messages/" + a.ackedPush().messageId()).statusCode(), "a is still served");

            b.ack(got);
            await("b's own ack delivers it", Duration.ofSeconds(5), () -> fate(id, theirs).equals("delivered"));
            b.ack(got); // the same ack again: nothing more happens
            server.push(List.of(theirs), "after", "1");
            assertTrue(b.expect("42").contains("\"after\""), "the acked message is not sent again; b is still served");
            assertEquals("delivered", fate(id, theirs));
        }
    }

    @Test
    void aSocketThatLeavesTooManyMessagesUnackedIsClosedAndTheyWaitForItsNextLogin() throws Exception {
        try (RunningServer small = RunningServer.start("--max-queued-packets", "3")) {
            String token = "acks-bound-" + UUID.randomUUID();
            try (RawWebSocket socket = RawWebSocket.loggedInWithAcks(small, token)) {
                for (int i = 0; i < 3; i++) {
                    small.post("/api", "{\"tokens\":[\"" + token + "\"],\"entityType\":\"n\",\"data\":" + i + ",\"ttl\":60}");
                }
                small.post("/api", "{\"tokens\":[\"" + token + "\"],\"entityType\":\"n\",\"data\":3}"); // no ttl: not kept
                for (int i = 0; i < 3; i++) {
                    socket.ackedPush();
                }
                assertTrue(socket.closedWithin(Duration.ofSeconds(10)), "the fourth unacked message closes the socket");
            }
            try (RawWebSocket again = RawWebSocket.loggedInWithAcks(small, token)) {
                for (int i = 0; i < 3; i++) {
                    again.ack(again.ackedPush());
                }
                assertFalse(again.closedWithin(Duration.ofSeconds(1)), "acked messages free their places");
            }
        }
    }
}
