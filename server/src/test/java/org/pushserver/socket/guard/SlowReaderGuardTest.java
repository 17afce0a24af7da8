package org.pushserver.socket.guard;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import org.pushserver.metrics.PushMetrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SlowReaderGuardTest {
    private static final int MAX_PENDING = 4096;

    /** A channel whose peer reads nothing: writes are queued, never flushed, unwritable above 2048 bytes. */
    private static EmbeddedChannel notReading(PushMetrics metrics) {
        EmbeddedChannel channel = new EmbeddedChannel(new SlowReaderGuard(MAX_PENDING, metrics));
        channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(1024, 2048));
        return channel;
    }

    private static double dropped(PushMetrics metrics) {
        return metrics.scrape().lines().filter(l -> l.startsWith("pushserver_slow_clients_disconnected_total"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void aPeerWithMoreThanMaxPendingBytesWaitingIsClosedTheWriteFailedAndReleasedAndCounted() {
        PushMetrics metrics = new PushMetrics();
        EmbeddedChannel channel = notReading(metrics);
        channel.write(Unpooled.wrappedBuffer(new byte[MAX_PENDING + 1])); // over the limit, not yet refused
        assertTrue(channel.isOpen());
        ByteBuf next = Unpooled.wrappedBuffer(new byte[1]);

        ChannelFuture write = channel.write(next);

        assertFalse(channel.isOpen());
        assertFalse(write.isSuccess());
        assertEquals(0, next.refCnt(), "the refused message was released");
        assertEquals(1, dropped(metrics));
        metrics.close();
    }

    @Test
    void writesWithinTheLimitAreQueuedAsUsual() {
        PushMetrics metrics = new PushMetrics();
        EmbeddedChannel channel = notReading(metrics);

        for (int i = 0; i < 4; i++) { // over the high water mark (Netty counts ~100 bytes per entry too), within the limit
            channel.write(Unpooled.wrappedBuffer(new byte[512]));
        }

        assertFalse(channel.isWritable(), "the peer counts as not reading");
        assertTrue(channel.isOpen());
        assertEquals(0, dropped(metrics));
        channel.flush();
        for (int i = 0; i < 4; i++) {
            ((ByteBuf) channel.readOutbound()).release();
        }
        metrics.close();
    }
}
