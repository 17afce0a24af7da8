package org.pushserver.cluster;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.pushserver.testing.DropAndResume;
import org.pushserver.testing.NodeResumingClient;
import org.pushserver.testing.NodeScript;
import org.pushserver.testing.RedisProcess;
import org.pushserver.testing.ResumingClient;
import org.pushserver.testing.ResumingClient.Mode;
import org.pushserver.testing.RunningServer;
import org.pushserver.testing.TcpProxy;
import org.pushserver.testing.TcpProxy.Side;


/**
 * Drop and resume on two nodes with a real Redis: the client first connects to node A through a proxy; while it is
 * cut off, the proxy is switched to node B, so it comes back through the other node. Pushes are POSTed to A (the node
 * it left) so the missed ones must come from the cluster's history, not from B's memory.
 */
@DisplayName("Drop and resume in a 2-node cluster, coming back through the other node")
class ClusterResumeIT {
    private static RedisProcess redis;
    private static RunningServer a;
    private static RunningServer b;
    private TcpProxy proxy;

    @BeforeAll
    static void start() throws Exception {
        NodeScript.requireNode("ClusterResumeIT");
        redis = RedisProcess.start();
        String prefix = ClusterTesting.prefix();
        a = node(prefix);
        b = node(prefix);
    }

    private static RunningServer node(String prefix) {
        return RunningServer.start("--redis-url", redis.url(), "--redis-prefix", prefix, "--node-ttl-ms", "3000", "--redis-timeout-ms", "1000");
    }

    @AfterAll
    static void stop() {
        ClusterTesting.closeAll(a, b);
        if (redis != null) {
            redis.close();
        }
    }

    @BeforeEach
    void openProxy() {
        proxy = TcpProxy.to(a.port());
    }

    @AfterEach
    void closeProxy() {
        proxy.close();
    }

    @ParameterizedTest(name = "socket.io-client {0}, cut from the {1} side, back through the other node, gets every push exactly once and in order")
    @MethodSource("org.pushserver.testing.DropAndResume#linesAndSides")
    void aClientThatComesBackThroughTheOtherNodeWithItsLastMessageIdGetsEveryPushExactlyOnceInOrder(ResumingClient.Line line, Side side) {
        DropAndResume.run(a, proxy, line, Mode.RESUME, side, () -> proxy.retarget(b.port()));
    }

    @ParameterizedTest(name = "an unchanged socket.io-client 4.8.1, cut from the {0} side, is recovered by the other node")
    @EnumSource(Side.class)
    void anUnchanged48ClientIsRecoveredByTheOtherNodeWithEveryPushExactlyOnceInOrder(Side side) {
        DropAndResume.run(a, proxy, NodeResumingClient.line("4.8.1"), Mode.RECOVERY, side, () -> proxy.retarget(b.port()));
    }
}
