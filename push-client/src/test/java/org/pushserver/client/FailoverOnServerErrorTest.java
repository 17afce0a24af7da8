package org.pushserver.client;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pushserver.testing.ClusterExtension;
import org.pushserver.testing.RunningServer;
import org.pushserver.testing.ServerExtension;
import org.pushserver.testing.SocketClient;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pushserver.testing.Await.await;

/**
 * A node that answers 5xx: a cluster node whose Redis is stopped answers {@code 503 cluster_unavailable} (a real one,
 * not a stub). With a second node the client fails over to it; alone, the error is typed.
 */
class FailoverOnServerErrorTest {
    @RegisterExtension
    static final ClusterExtension cluster = ClusterExtension.of(1, "--redis-timeout-ms", "1000").controllingRedis();
    @RegisterExtension
    static final ServerExtension other = ServerExtension.withArgs();

    @Test
    void a503FromTheFirstNodeFailsOverToTheNextAndAloneIsClusterUnavailable() {
        RunningServer broken = cluster.node(0);
        cluster.redis().stop();
        await("the node says its store is down", Duration.ofSeconds(10),
                () -> broken.get("/health/ready").statusCode() == 503);
        try (SocketClient socket = SocketClient.connect(other.url(), "websocket")) {
            socket.loginAs("u-17");

            PushClient alone = PushClient.builder().baseUrls(broken.url()).retries(0).build();
            PushException e = assertThrows(PushException.class, () -> alone.pushSync(Push.to("u-17")));
            assertEquals(PushError.CLUSTER_UNAVAILABLE, e.error());
            assertEquals(503, e.status());

            PushClient client = PushClient.builder().baseUrls(broken.url(), other.url()).retries(1).build();
            assertTrue(client.online(List.of("u-17")).join().isOnline("u-17"), "answered by the second node");
            assertEquals(1, client.pushSync(Push.to("u-17").type("elsewhere")).sockets());
            assertEquals("elsewhere", socket.nextMessage().get("entityType").asText());
        }
    }
}
