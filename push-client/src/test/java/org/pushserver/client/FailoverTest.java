package org.pushserver.client;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pushserver.testing.ClusterExtension;
import org.pushserver.testing.RunningServer;
import org.pushserver.testing.SocketClient;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A 2-node cluster: when the first URL does not answer, the push goes through the next node, to any node's socket. */
class FailoverTest {
    @RegisterExtension
    static final ClusterExtension cluster = ClusterExtension.of(2);

    @Test
    void aClosedFirstUrlFailsOverToTheNextNode() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        try (SocketClient socket = SocketClient.connect(cluster.node(0).url(), "websocket")) {
            socket.loginAs("u-17");
            PushClient client = PushClient.builder().baseUrls("http://127.0.0.1:" + closedPort, cluster.node(1).url())
                    .retries(1).build();
            PushResult result = client.pushSync(Push.to("u-17").type("failover"));
            assertEquals(1, result.sockets());
            assertEquals("failover", socket.nextMessage().get("entityType").asText());
            // the node that answered is tried first from now on: with no retry left, the push still goes through
            PushClient noRetry = client;
            assertEquals(1, noRetry.pushSync(Push.to("u-17").type("again")).sockets());
            assertEquals("again", socket.nextMessage().get("entityType").asText());
        }
    }

    @Test
    void aStoppedNodeFailsOverToALiveOne() {
        RunningServer doomed = cluster.startNode();
        String doomedUrl = doomed.url();
        cluster.stopNode(doomed);
        try (SocketClient socket = SocketClient.connect(cluster.node(1).url(), "websocket")) {
            socket.loginAs("u-18");
            PushClient client = PushClient.builder().baseUrls(doomedUrl, cluster.node(0).url())
                    .connectTimeout(Duration.ofSeconds(2)).retries(1).build();
            assertEquals(1, client.pushSync(Push.to("u-18").type("stopped")).sockets());
            assertEquals("stopped", socket.nextMessage().get("entityType").asText());
        }
    }
}
