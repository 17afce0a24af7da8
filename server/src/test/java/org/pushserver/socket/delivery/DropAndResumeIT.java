package org.pushserver.socket.delivery;

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
import org.pushserver.testing.ResumingClient;
import org.pushserver.testing.ResumingClient.Mode;
import org.pushserver.testing.RunningServer;
import org.pushserver.testing.TcpProxy;
import org.pushserver.testing.TcpProxy.Side;


/**
 * Every client line (npm socket.io-client 2.0.3, 2.5.0, 3.1.3, 4.8.1 and Java io.socket 2.x; Java 1.x in
 * JavaClientV1IT) on one node: the transport is cut by a proxy, from the server's side and from the client's, while
 * pushes are POSTed; after the reconnect every push arrives exactly once and in order. The lines resume with
 * {@code lastMessageId}; 4.8.1 also unchanged, through connection-state recovery.
 */
@DisplayName("Drop and resume on one node, every client line")
class DropAndResumeIT {
    private static RunningServer server;
    private TcpProxy proxy;

    @BeforeAll
    static void start() throws Exception {
        NodeScript.requireNode("DropAndResumeIT");
        server = RunningServer.start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void openProxy() {
        proxy = TcpProxy.to(server.port());
    }

    @AfterEach
    void closeProxy() {
        proxy.close();
    }

    @ParameterizedTest(name = "socket.io-client {0}, cut from the {1} side, gets every push exactly once and in order with lastMessageId")
    @MethodSource("org.pushserver.testing.DropAndResume#linesAndSides")
    void aClientThatResumesWithItsLastMessageIdGetsEveryPushSentWhileItWasCutExactlyOnceInOrder(ResumingClient.Line line, Side side) {
        DropAndResume.run(server, proxy, line, Mode.RESUME, side, () -> { });
    }

    @ParameterizedTest(name = "an unchanged socket.io-client 4.8.1, cut from the {0} side, is recovered and gets every push exactly once and in order")
    @EnumSource(Side.class)
    void anUnchanged48ClientIsRecoveredByConnectionStateRecoveryWithEveryPushExactlyOnceInOrder(Side side) {
        DropAndResume.run(server, proxy, NodeResumingClient.line("4.8.1"), Mode.RECOVERY, side, () -> { });
    }
}
