package org.pushserver.socket;

import com.fasterxml.jackson.databind.JsonNode;
import io.socket.client.IO;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pushserver.testing.Await;
import org.pushserver.testing.ResourceExtension;
import org.pushserver.testing.ServerExtension;
import org.pushserver.testing.SocketClient;
import org.pushserver.testing.WebhookBackend;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * LOGIN_AUTH=webhook end to end: a real backend (the JDK's HTTP server on loopback) vouches for tokens, and sockets
 * join the room it names; refusals, a backend too slow and a backend down all leave the socket out of every room.
 */
class WebhookLoginFlowIT {
    @RegisterExtension
    @Order(1)
    static final ResourceExtension<WebhookBackend> backend = ResourceExtension.of(() -> WebhookBackend.start(body -> {
        String token = body.path("tokenId").asText();
        return token.startsWith("session-")
                ? new WebhookBackend.Answer(200, "{\"valid\":true,\"room\":\"user-" + token.substring(8) + "\"}")
                : new WebhookBackend.Answer(200, "{\"valid\":false,\"reason\":\"session expired\"}");
    }));
    @RegisterExtension
    @Order(2)
    static final ServerExtension server = ServerExtension.withArgs(() -> new String[] {"--login-auth", "webhook",
            "--login-webhook-timeout-ms", "500", "--login-webhook-url", backend.get().url()});

    private static int socketsOf(String room) {
        return server.push(List.of(room), "probe", "1").path("sockets").asInt();
    }

    @Test
    void aSessionTheBackendVouchesForJoinsTheRoomItNames() {
        try (SocketClient client = SocketClient.connect(server.url(), "websocket")) {
            JsonNode ack = client.login(Map.of("tokenId", "session-17"));
            assertTrue(ack.path("ok").asBoolean(), ack.toString());
            assertEquals("user-17", ack.path("tokenId").asText());
            server.push(List.of("user-17"), "order", "{\"id\":1}");
            assertEquals("order", client.nextMessage().path("entityType").asText());
            assertEquals(0, socketsOf("session-17"), "the credential itself is no room");
        }
    }

    @Test
    void aSessionTheBackendRefusesIsAnsweredWithItsReasonAndJoinsNothing() {
        try (SocketClient client = SocketClient.connect(server.url(), "websocket")) {
            JsonNode ack = client.login(Map.of("tokenId", "stolen-id"));
            assertFalse(ack.path("ok").asBoolean(), ack.toString());
            assertEquals("session expired", ack.path("error").asText());
            assertEquals(0, socketsOf("stolen-id"));
            assertTrue(client.connected(), "one refusal does not disconnect");
        }
    }

    @Test
    void aBackendTooSlowFailsClosedWithinTheTimeout() {
        backend.get().holdAnswers(); // longer than LOGIN_WEBHOOK_TIMEOUT_MS
        try (SocketClient client = SocketClient.connect(server.url(), "websocket")) {
            long start = System.nanoTime();
            JsonNode ack = client.login(Map.of("tokenId", "session-slow"));
            long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
            assertFalse(ack.path("ok").asBoolean(), ack.toString());
            assertEquals("login service unavailable", ack.path("error").asText());
            assertTrue(millis < 3000, "answered after " + millis + " ms");
            assertEquals(0, socketsOf("user-slow"));
            assertTrue(server.get("/metrics").body().contains("pushserver_login_webhook_calls_total{outcome=\"timeout\"}"));
        } finally {
            backend.get().releaseAnswers();
        }
    }

    @Test
    void theConnectAuthPayloadIsVerifiedByTheBackendToo() {
        IO.Options options = SocketClient.options();
        options.auth = Map.of("token", "session-18");
        options.transports = new String[] {"websocket"};
        try (SocketClient client = SocketClient.connect(server.url(), options)) {
            Await.await("the socket in user-18's room", Duration.ofSeconds(5), () -> socketsOf("user-18") == 1);
            client.nextMessage(); // the probe that found it
        }
    }
}
