package org.pushserver.socket.guard;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import org.junit.jupiter.api.Test;
import org.pushserver.metrics.PushMetrics;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class LastResortErrorsTest {

    @Test
    void anErrorNobodyHandledClosesTheConnectionAndIsCountedInsteadOfReachingNettysTail() {
        PushMetrics metrics = new PushMetrics();
        EmbeddedChannel channel = new EmbeddedChannel(new LastResortErrors(new SocketErrors(metrics)));

        channel.pipeline().fireExceptionCaught(new CorruptedFrameException("a corrupt websocket frame"));

        assertFalse(channel.isOpen());
        assertDoesNotThrow(channel::checkException, "the error went on past the last handler");
        assertEquals(1.0, metrics.scrape().lines().filter(l -> l.startsWith("pushserver_socket_errors_total"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum());
        metrics.close();
    }
}
