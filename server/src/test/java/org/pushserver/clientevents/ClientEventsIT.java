package org.pushserver.clientevents;

import com.fasterxml.jackson.databind.JsonNode;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pushserver.testing.Await;
import org.pushserver.testing.ClientEventsBackend;
import org.pushserver.testing.ClientEventsBackend.Answer;
import org.pushserver.testing.ResourceExtension;
import org.pushserver.testing.RunningServer;
import org.pushserver.testing.ServerExtension;
import org.pushserver.testing.SocketClient;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Client events end to end: real sockets (the Java socket.io client) emit to the real server, which POSTs them to a
 * real HTTP backend on loopback and acks the socket with the backend's answer, publishing the answer's
 * {@code publish}; every refusal is an ack {@code {"ok": false, "error": …}} and a count in {@code /metrics}.
 */
class ClientEventsIT {
    static final String SECRET = "client-events-test-secret-0001";
    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    @Order(1)
    static final ResourceExtension<ClientEventsBackend> backend = ResourceExtension.of(() ->
            ClientEventsBackend.start(body -> Answer.ok("{\"ok\":true}")));
    @RegisterExtension
    @Order(2)
    static final ServerExtension server = ServerExtension.withArgs(() -> new String[] {
            "--client-events", "chat_message,typing", "--client-events-url", backend.get().url(),
            "--webhook-secret", SECRET, "--max-client-event-bytes", "1000", "--client-events-per-second", "5"});

    @AfterEach
    void backendAnswersOkAgain() {
        backend.get().releaseAnswers();
        backend.get().answer(body -> Answer.ok("{\"ok\":true}"));
        backend.get().drain();
    }

    private static SocketClient loggedIn(String token) {
        SocketClient client = SocketClient.connect(server.url(), "websocket");
        assertTrue(client.loginAs(token).path("ok").asBoolean());
        return client;
    }

    private static JSONObject chat(String to, String text) {
        return new JSONObject(Map.of("to", to, "text", text));
    }

    private static long count(String outcome) {
        String line = "pushserver_client_events_total{outcome=\"" + outcome + "\"} ";
        return server.get("/metrics").body().lines().filter(l -> l.startsWith(line))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(line.length()))).sum();
    }

    @Test
    void aListedEventFromALoggedInSocketIsPostedSignedWithItsTokenSocketEventDataAndTime() {
        try (SocketClient alice = loggedIn("alice")) {
            long before = System.currentTimeMillis();
            JsonNode ack = alice.emitWithAck("chat_message", chat("bob", "hi bob"));
            assertTrue(ack.path("ok").asBoolean(), ack.toString());

            ClientEventsBackend.Call call = backend.get().nextCall(WAIT);
            assertEquals("application/json", call.contentType());
            assertTrue(call.signedWith(SECRET), "X-Push-Signature is the HMAC of timestamp.body: " + call.signature());
            assertFalse(call.signedWith("another-secret-0123456789"), "and of no other secret");
            assertTrue(Math.abs(Long.parseLong(call.timestamp()) - before / 1000) <= 2, call.timestamp());
            JsonNode body = call.body();
            assertEquals(List.of("tokenId", "socketId", "event", "data", "timeMs"), fieldNames(body));
            assertEquals("alice", body.path("tokenId").asText());
            UUID.fromString(body.path("socketId").asText()); // the server's id of the connection, as in its logs
            assertEquals("chat_message", body.path("event").asText());
            assertEquals("{\"text\":\"hi bob\",\"to\":\"bob\"}", sorted(body.path("data")));
            long timeMs = body.path("timeMs").asLong();
            assertTrue(timeMs >= before && timeMs <= System.currentTimeMillis(), body.toString());

            alice.emitWithAck("typing", new JSONObject());
            assertEquals(body.path("socketId"), backend.get().nextCall(WAIT).body().path("socketId"), "one id per socket");
            try (SocketClient other = loggedIn("alice")) {
                other.emitWithAck("typing", new JSONObject());
                JsonNode second = backend.get().nextCall(WAIT).body();
                assertEquals("alice", second.path("tokenId").asText());
                assertFalse(body.path("socketId").equals(second.path("socketId")), "each socket its own");
            }
        }
    }

    @Test
    void theAckIsTheBackendsAnswerAsItSentIt() {
        backend.get().answer(body -> Answer.ok("{\"ok\":true,\"id\":\"m-17\",\"note\":{\"n\":[1,2.5,null]},\"flag\":false}"));
        try (SocketClient alice = loggedIn("alice")) {
            JsonNode ack = alice.emitWithAck("typing", new JSONObject(Map.of("to", "bob")));
            assertEquals(json("{\"ok\":true,\"id\":\"m-17\",\"note\":{\"n\":[1,2.5,null]},\"flag\":false}"), ack);
        }
    }

    @Test
    void aPublishInTheAnswerReachesTheRecipientAndIsLeftOutOfTheSendersAck() {
        backend.get().answer(body -> Answer.ok("{\"ok\":true,\"id\":\"c-1\",\"publish\":{\"tokens\":[\""
                + body.path("data").path("to").asText() + "\"],\"entityType\":\"chat_message\",\"data\":{\"from\":\""
                + body.path("tokenId").asText() + "\",\"text\":" + body.path("data").path("text") + "}}}"));
        try (SocketClient alice = loggedIn("alice"); SocketClient bob = loggedIn("bob")) {
            JsonNode ack = alice.emitWithAck("chat_message", chat("bob", "lunch?"));
            assertEquals(json("{\"ok\":true,\"id\":\"c-1\"}"), ack, "the publish is for the server, not the socket");
            JsonNode message = bob.nextMessage();
            assertEquals("chat_message", message.path("entityType").asText());
            assertEquals("{\"from\":\"alice\",\"text\":\"lunch?\"}", sorted(message.path("data")));
            assertEquals(0, alice.pending(), "the sender is not a recipient");
        }
    }

    @Test
    void aPublishThatIsNotAValidPushIsRefusedAsBadPublishAndDeliversNothing() {
        long before = count("bad_publish");
        backend.get().answer(body -> Answer.ok("{\"ok\":true,\"publish\":{\"tokens\":\"bob\",\"data\":{}}}"));
        try (SocketClient alice = loggedIn("alice"); SocketClient bob = loggedIn("bob")) {
            JsonNode ack = alice.emitWithAck("chat_message", chat("bob", "x"));
            assertEquals(json("{\"ok\":false,\"error\":\"bad_publish\"}"), ack);
            server.push(List.of("bob"), "after", "{}");
            assertEquals("after", bob.nextMessage().path("entityType").asText(), "nothing came before the next push");
            assertEquals(before + 1, count("bad_publish"));
        }
    }

    @Test
    void anEventNotOnTheListIsRefusedAsNotAllowedAndNeverReachesTheBackend() {
        long before = count("not_allowed");
        try (SocketClient alice = loggedIn("alice")) {
            JsonNode ack = alice.emitWithAck("delete_everything", new JSONObject(Map.of("really", true)));
            assertEquals(json("{\"ok\":false,\"error\":\"not_allowed\"}"), ack);
            assertTrue(alice.emitWithAck("typing", new JSONObject()).path("ok").asBoolean(), "the socket still works");
            assertEquals("typing", backend.get().nextCall(WAIT).body().path("event").asText(), "only the listed one was posted");
            assertEquals(List.of(), backend.get().drain());
            assertEquals(before + 1, count("not_allowed"));
        }
    }

    @Test
    void anEventFromASocketThatHasNotLoggedInIsRefusedAsNotLoggedIn() {
        long before = count("not_logged_in");
        try (SocketClient stranger = SocketClient.connect(server.url(), "websocket")) {
            JsonNode ack = stranger.emitWithAck("chat_message", chat("bob", "who am I"));
            assertEquals(json("{\"ok\":false,\"error\":\"not_logged_in\"}"), ack);
            assertEquals(before + 1, count("not_logged_in"));
        }
        try (SocketClient alice = loggedIn("alice")) { // the backend saw nothing of it
            alice.emitWithAck("typing", new JSONObject());
            assertEquals("alice", backend.get().nextCall(WAIT).body().path("tokenId").asText());
        }
    }

    @Test
    void aPayloadOverMaxClientEventBytesIsRefusedAsTooLarge() {
        long before = count("too_large");
        try (SocketClient alice = loggedIn("alice")) {
            JsonNode ack = alice.emitWithAck("chat_message", chat("bob", "x".repeat(1000)));
            assertEquals(json("{\"ok\":false,\"error\":\"too_large\"}"), ack);
            assertTrue(alice.emitWithAck("chat_message", chat("bob", "x".repeat(900))).path("ok").asBoolean(),
                    "just under the bound is forwarded");
            assertEquals(900, backend.get().nextCall(WAIT).body().path("data").path("text").asText().length());
            assertEquals(before + 1, count("too_large"));
        }
    }

    @Test
    void aFloodingSocketIsRateLimitedWhileAnotherSocketIsServedAsUsual() {
        try (SocketClient flooder = loggedIn("flooder"); SocketClient other = loggedIn("other")) {
            List<CompletableFuture<JsonNode>> acks = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                acks.add(flooder.emitAsync("typing", new JSONObject(Map.of("i", i))));
            }
            long limited = acks.stream().map(CompletableFuture::join)
                    .filter(a -> "rate_limited".equals(a.path("error").asText())).count();
            long ok = acks.stream().map(CompletableFuture::join).filter(a -> a.path("ok").asBoolean()).count();
            assertEquals(40, limited + ok);
            assertTrue(ok >= 5 && ok <= 20, "a burst of one second's rate (5), and what refilled meanwhile: " + ok);
            for (int i = 0; i < 5; i++) {
                assertTrue(other.emitWithAck("typing", new JSONObject(Map.of("i", i))).path("ok").asBoolean(),
                        "another socket's own rate is untouched");
            }
            assertTrue(count("rate_limited") >= limited);
        }
    }

    @Test
    void aBackendThatDoesNotAnswerInTimeIsRefusedAsTimeoutAndTheSocketIsStillServed() {
        backend.get().holdAnswers();
        // a server of its own with a short timeout; the class's keeps the default (5 s) for a loaded machine
        try (RunningServer node = RunningServer.start("--client-events", "chat_message", "--webhook-secret", SECRET,
                "--client-events-url", backend.get().url(), "--client-events-timeout-ms", "1000");
             SocketClient alice = SocketClient.connect(node.url(), "websocket")) {
            assertTrue(alice.loginAs("alice").path("ok").asBoolean());
            long start = System.nanoTime();
            JsonNode ack = alice.emitWithAck("chat_message", chat("bob", "anyone?"));
            long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
            assertEquals(json("{\"ok\":false,\"error\":\"timeout\"}"), ack);
            assertTrue(millis >= 900 && millis < 8000, "after CLIENT_EVENTS_TIMEOUT_MS (1000): " + millis + " ms");
            node.push(List.of("alice"), "still", "{}");
            assertEquals("still", alice.nextMessage().path("entityType").asText());
            assertTrue(node.get("/metrics").body().contains("pushserver_client_events_total{outcome=\"timeout\"} 1.0"));
        }
    }

    @Test
    void aBackendAnsweringOtherThan2xxIsRefusedAsBackendError() {
        long before = count("backend_error");
        backend.get().answer(body -> new Answer(500, "{\"ok\":true,\"publish\":{\"tokens\":[\"bob\"]}}"));
        try (SocketClient alice = loggedIn("alice")) {
            assertEquals(json("{\"ok\":false,\"error\":\"backend_error\"}"), alice.emitWithAck("typing", new JSONObject()));
            backend.get().answer(body -> new Answer(404, ""));
            assertEquals(json("{\"ok\":false,\"error\":\"backend_error\"}"), alice.emitWithAck("typing", new JSONObject()));
            assertEquals(before + 2, count("backend_error"));
        }
    }

    @Test
    void anEmptyAnswerIsAckedOk() {
        backend.get().answer(body -> new Answer(204, ""));
        try (SocketClient alice = loggedIn("alice")) {
            assertEquals(json("{\"ok\":true}"), alice.emitWithAck("typing", new JSONObject()));
        }
    }

    @Test
    void anAnswerThatIsNotJsonIsRefusedAsBadAnswer() {
        backend.get().answer(body -> Answer.ok("<html>hello</html>"));
        try (SocketClient alice = loggedIn("alice")) {
            assertEquals(json("{\"ok\":false,\"error\":\"bad_answer\"}"), alice.emitWithAck("typing", new JSONObject()));
        }
    }

    @Test
    void aBackendThatCannotBeReachedIsRefusedAsUnreachable() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        try (RunningServer node = RunningServer.start("--client-events", "typing", "--webhook-secret", SECRET,
                "--client-events-url", "http://127.0.0.1:" + closedPort + "/events");
             SocketClient alice = SocketClient.connect(node.url(), "websocket")) {
            assertTrue(alice.loginAs("alice").path("ok").asBoolean());
            assertEquals(json("{\"ok\":false,\"error\":\"unreachable\"}"), alice.emitWithAck("typing", new JSONObject()));
            assertTrue(node.get("/metrics").body().contains("pushserver_client_events_total{outcome=\"unreachable\"} 1.0"));
        }
    }

    @Test
    void anEventWithoutAnAckCallbackIsStillForwarded() {
        try (SocketClient alice = loggedIn("alice")) {
            alice.raw().emit("chat_message", chat("bob", "fire and forget"));
            ClientEventsBackend.Call call = backend.get().nextCall(WAIT);
            assertEquals("fire and forget", call.body().path("data").path("text").asText());
            Await.await("counted as forwarded", WAIT, () -> count("forwarded") >= 1);
        }
    }

    @Test
    void eventsBeyondTheInFlightBoundAreRefusedAsBusyWhileTheBackendIsSlow() {
        backend.get().holdAnswers();
        try (RunningServer node = RunningServer.start("--client-events", "typing", "--client-events-url", backend.get().url(),
                "--webhook-secret", SECRET, "--client-events-per-second", "1000", "--client-events-timeout-ms", "30000");
             SocketClient alice = SocketClient.connect(node.url(), "websocket")) {
            assertTrue(alice.loginAs("alice").path("ok").asBoolean());
            int bound = ClientEventForwarder.MAX_IN_FLIGHT;
            List<CompletableFuture<JsonNode>> acks = new ArrayList<>();
            for (int i = 0; i < bound + 10; i++) {
                acks.add(alice.emitAsync("typing", new JSONObject(Map.of("i", i))));
            }
            for (CompletableFuture<JsonNode> beyond : acks.subList(bound, bound + 10)) {
                assertEquals(json("{\"ok\":false,\"error\":\"busy\"}"), beyond.orTimeout(20, TimeUnit.SECONDS).join());
            }
            List<String> answeredEarly = IntStream.range(0, bound).filter(i -> acks.get(i).isDone())
                    .mapToObj(i -> i + ": " + acks.get(i).join()).toList();
            assertEquals(List.of(), answeredEarly, "the first ones still wait");
            backend.get().releaseAnswers();
            for (CompletableFuture<JsonNode> waiting : acks.subList(0, bound)) {
                assertTrue(waiting.orTimeout(20, TimeUnit.SECONDS).join().path("ok").asBoolean());
            }
            assertTrue(alice.emitWithAck("typing", new JSONObject()).path("ok").asBoolean(), "and the bound is free again");
        }
    }

    private static JsonNode json(String text) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** {@code node} as JSON with its fields in name order (org.json does not keep the client's order). */
    private static String sorted(JsonNode node) {
        try {
            var mapper = new com.fasterxml.jackson.databind.ObjectMapper()
                    .configure(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
            return mapper.writeValueAsString(mapper.treeToValue(node, Object.class));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
