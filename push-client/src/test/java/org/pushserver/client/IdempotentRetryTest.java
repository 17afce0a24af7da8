package org.pushserver.client;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pushserver.testing.ServerExtension;
import org.pushserver.testing.SocketClient;
import org.pushserver.testing.TcpProxy;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SDK's retries are safe: an answer lost after the server delivered (a proxy resets the connection instead of
 * forwarding it) is retried with the same Idempotency-Key, answered with the first answer, and delivered once.
 */
class IdempotentRetryTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.withArgs();

    @Test
    void aPushWhoseAnswerIsLostIsRetriedAndDeliveredOnce() {
        try (TcpProxy proxy = TcpProxy.to(server.port());
             SocketClient socket = SocketClient.connect(server.url(), "websocket")) {
            socket.loginAs("u-17");
            PushClient client = PushClient.builder().baseUrls(proxy.url()).retries(3)
                    .retryBackoff(Duration.ofMillis(50)).build();
            proxy.loseResponses(1);

            PushResult result = client.pushSync(Push.to("u-17").type("like").data(Map.of("n", 1)));

            assertTrue(result.replayed(), "the retry was answered with the first attempt's answer");
            assertEquals(1, result.sockets(), "the first answer, delivered to the one socket");
            assertTrue(proxy.accepted() >= 2, "a second connection carried the retry");
            assertEquals(1, socket.nextMessage().get("data").get("n").asInt());
            client.pushSync(Push.to("u-17").type("like").data(Map.of("n", 2)));
            assertEquals(2, socket.nextMessage().get("data").get("n").asInt(), "the first push came only once");
        }
    }

    @Test
    void aPushSentAgainWithItsOwnKeyIsAnsweredAgainAndDeliveredOnce() {
        try (SocketClient socket = SocketClient.connect(server.url(), "websocket")) {
            socket.loginAs("u-own");
            PushClient client = PushClient.builder().baseUrls(server.url()).build();
            PushResult first = client.pushSync(Push.to("u-own").type("shipped").idempotencyKey("order-1234-shipped"));
            PushResult again = client.pushSync(Push.to("u-own").type("shipped").idempotencyKey("order-1234-shipped"));
            assertEquals(first.id(), again.id());
            assertTrue(again.replayed());
            client.pushSync(Push.to("u-own").type("marker"));
            assertEquals("shipped", socket.nextMessage().get("entityType").asText());
            assertEquals("marker", socket.nextMessage().get("entityType").asText(), "shipped came only once");
        }
    }

    @Test
    void twoPushesWithTheSameBodyAreTwoDeliveries() {
        try (SocketClient socket = SocketClient.connect(server.url(), "websocket")) {
            socket.loginAs("u-18");
            PushClient client = PushClient.builder().baseUrls(server.url()).build();
            Push same = Push.to("u-18").type("ping");
            PushResult first = client.pushSync(same);
            PushResult second = client.pushSync(Push.to("u-18").type("ping"));
            assertTrue(!first.id().equals(second.id()), "each logical push has its own key, so its own message");
            assertEquals("ping", socket.nextMessage().get("entityType").asText());
            assertEquals("ping", socket.nextMessage().get("entityType").asText());
        }
    }
}
