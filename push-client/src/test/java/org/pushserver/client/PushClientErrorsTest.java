package org.pushserver.client;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pushserver.testing.ServerExtension;
import org.pushserver.testing.SocketClient;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The server's {@code {"error", "message"}} arrives as a {@link PushException} with its code, one per error. */
class PushClientErrorsTest {
    private static final String KEY = "sdk-test-key-0123456789";

    @RegisterExtension
    static final ServerExtension server = ServerExtension.withArgs("--api-keys", KEY,
            "--pushes-per-second-per-key", "1", "--max-tokens-per-push", "2", "--max-ttl-seconds", "3600");

    private static PushClient client(String key, int retries) {
        return PushClient.builder().baseUrls(server.url()).bearerKey(key).retries(retries).build();
    }

    private static PushException refused(Runnable call) {
        return assertThrows(PushException.class, call::run);
    }

    @Test
    void aWrongKeyIsUnauthorized() {
        PushException e = refused(() -> client("not-the-key", 3).pushSync(Push.to("u-1")));
        assertEquals(PushError.UNAUTHORIZED, e.error());
        assertEquals(401, e.status());
        assertEquals("unauthorized", e.code());
    }

    @Test
    void aBadFieldIsInvalidFieldNamingIt() {
        PushException e = refused(() -> client(KEY, 3).pushSync(Push.to("u-1").ttl(Duration.ofDays(2))));
        assertEquals(PushError.INVALID_FIELD, e.error());
        assertEquals(400, e.status());
        assertTrue(e.getMessage().contains("ttl"), e.getMessage());
    }

    @Test
    void tooManyTokensIsTooManyTokens() {
        PushException e = refused(() -> client(KEY, 3).pushSync(Push.to("u-1", "u-2", "u-3")));
        assertEquals(PushError.TOO_MANY_TOKENS, e.error());
        assertEquals(413, e.status());
    }

    @Test
    void anUnknownMessageIsMessageNotFound() {
        CompletionException wrapped = assertThrows(CompletionException.class,
                () -> client(KEY, 3).message("k3j9qz0a1b-999999").join());
        PushException e = (PushException) wrapped.getCause();
        assertEquals(PushError.MESSAGE_NOT_FOUND, e.error());
        assertEquals(404, e.status());
    }

    @Test
    void overTheRateWithoutRetriesIsRateLimitedWithRetryAfter() {
        PushClient client = client(KEY, 0);
        PushException e = null;
        for (int i = 0; i < 3 && e == null; i++) { // 2 in one second suffice, unless the second crosses into the next
            try {
                client.pushSync(Push.to("u-rate"));
                client.pushSync(Push.to("u-rate"));
            } catch (PushException refused) {
                e = refused;
            }
        }
        assertTrue(e != null, "no 429 in three tries");
        assertEquals(PushError.RATE_LIMITED, e.error());
        assertEquals(429, e.status());
        assertTrue(e.retryAfter().orElseThrow().getSeconds() >= 1, "Retry-After: " + e.retryAfter());
    }

    @Test
    void overTheRateWithRetriesWaitsForRetryAfterAndDeliversOnce() {
        PushClient client = client(KEY, 3);
        try (SocketClient socket = SocketClient.connect(server.url(), "websocket")) {
            socket.loginAs("u-wait");
            client.pushSync(Push.to("u-wait").type("first"));
            PushResult second = client.pushSync(Push.to("u-wait").type("second")); // over the rate: waits, then sent
            assertEquals(1, second.sockets());
            assertEquals("first", socket.nextMessage().get("entityType").asText());
            assertEquals("second", socket.nextMessage().get("entityType").asText());
            PushResult third = client.pushSync(Push.to("u-wait").type("third"));
            assertEquals("third", socket.nextMessage().get("entityType").asText(), "the second came once");
            assertEquals(1, third.sockets());
        }
    }

    @Test
    void noNodeAnsweringIsUnreachable() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        PushClient client = PushClient.builder().baseUrls("http://127.0.0.1:" + closedPort).bearerKey(KEY)
                .retries(1).retryBackoff(Duration.ofMillis(10)).build();
        PushException e = refused(() -> client.pushSync(Push.to("u-1")));
        assertEquals(PushError.UNREACHABLE, e.error());
        assertEquals(0, e.status());
        assertTrue(e.getCause() instanceof IOException, String.valueOf(e.getCause()));
    }

    @Test
    void aBuilderWithBothKeysIsRefusedNamingThem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PushClient.builder()
                .baseUrls(server.url()).bearerKey(KEY).signingKey(KEY).build());
        assertTrue(e.getMessage().startsWith("bearerKey, signingKey"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PushClient.builder().baseUrls(List.of()).build());
    }
}
