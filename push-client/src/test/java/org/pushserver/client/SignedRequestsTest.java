package org.pushserver.client;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pushserver.testing.ServerExtension;
import org.pushserver.testing.SocketClient;
import org.pushserver.testing.TcpProxy;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** HMAC mode against a server with API keys: the key never travels, and no request is refused as a replay. */
class SignedRequestsTest {
    private static final String KEY = "sdk-signing-key-0123456789";

    @RegisterExtension
    static final ServerExtension server = ServerExtension.withArgs("--api-keys", "another-key-0123456789," + KEY);

    @Test
    void aSignedPushIsAcceptedAndDelivered() {
        try (SocketClient socket = SocketClient.connect(server.url(), "websocket")) {
            socket.loginAs("u-signed");
            PushClient client = PushClient.builder().baseUrls(server.url()).signingKey(KEY).build();
            PushResult result = client.pushSync(Push.to("u-signed").type("signed"));
            assertEquals(1, result.sockets());
            assertEquals("signed", socket.nextMessage().get("entityType").asText());
        }
    }

    @Test
    void requestsWithTheSameBodyInOneSecondAreEachSignedAnew() {
        // Without retries, so that a replayed_request would fail the test: every GET's body is empty, and the
        // signature covers only the timestamp and the body.
        PushClient client = PushClient.builder().baseUrls(server.url()).signingKey(KEY).retries(0).build();
        String id = client.pushSync(Push.to("u-fate").ttl(Duration.ofMinutes(1))).id();
        for (int i = 0; i < 5; i++) {
            assertEquals("pending", client.message(id).join().of("u-fate"));
        }
        assertTrue(client.online(List.of("u-fate")).join().tokens().containsKey("u-fate"));
        assertTrue(client.online(List.of("u-fate")).join().tokens().containsKey("u-fate"));
    }

    @Test
    void aSignedPushWhoseAnswerIsLostIsSignedAnewRetriedAndDeliveredOnce() {
        try (TcpProxy proxy = TcpProxy.to(server.port());
             SocketClient socket = SocketClient.connect(server.url(), "websocket")) {
            socket.loginAs("u-lost");
            PushClient client = PushClient.builder().baseUrls(proxy.url()).signingKey(KEY).retries(3)
                    .retryBackoff(Duration.ofMillis(50)).build();
            proxy.loseResponses(1);
            PushResult result = client.pushSync(Push.to("u-lost").type("once"));
            assertTrue(result.replayed(), "the retry, with a new signature, got the first answer");
            assertEquals("once", socket.nextMessage().get("entityType").asText());
            client.pushSync(Push.to("u-lost").type("next"));
            assertEquals("next", socket.nextMessage().get("entityType").asText(), "the first push came only once");
        }
    }

    @Test
    void aWrongSigningKeyIsInvalidSignature() {
        PushClient client = PushClient.builder().baseUrls(server.url()).signingKey("not-the-key").build();
        PushException e = assertThrows(PushException.class, () -> client.pushSync(Push.to("u-1")));
        assertEquals(PushError.INVALID_SIGNATURE, e.error());
        assertEquals(401, e.status());
    }

    @Test
    void noKeyAtAllIsUnauthorized() {
        PushClient client = PushClient.builder().baseUrls(server.url()).build();
        PushException e = assertThrows(PushException.class, () -> client.pushSync(Push.to("u-1")));
        assertEquals(PushError.UNAUTHORIZED, e.error());
    }
}
