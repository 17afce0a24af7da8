package org.pushserver.client;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pushserver.testing.ClusterExtension;
import org.pushserver.testing.RunningServer;
import org.pushserver.testing.SocketClient;
import org.pushserver.testing.TcpProxy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        }
    }

    @Test
    void theNodeThatAnsweredIsTriedFirstByTheNextCall() {
        try (TcpProxy dead = TcpProxy.to(cluster.node(0).port());
             SocketClient socket = SocketClient.connect(cluster.node(0).url(), "websocket")) {
            dead.refuse(); // every connection to the first URL is reset at once
            socket.loginAs("u-19");
            PushClient client = PushClient.builder().baseUrls(dead.url(), cluster.node(1).url()).build();
            client.pushSync(Push.to("u-19").type("first"));
            int triedDead = dead.accepted(); // the JDK's client may retry a connect once itself
            assertTrue(triedDead >= 1, "the first call tried the dead node first");
            client.pushSync(Push.to("u-19").type("second"));
            assertEquals(triedDead, dead.accepted(), "the second call went straight to the node that answered");
            assertEquals("first", socket.nextMessage().get("entityType").asText());
            assertEquals("second", socket.nextMessage().get("entityType").asText());
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
