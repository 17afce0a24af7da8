package org.pushserver.socket.guard;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;
import org.pushserver.metrics.PushMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a connection whose peer stopped reading once more than {@code maxPendingBytes} wait in its outbound
 * buffer: netty-socketio hands every packet to the channel at once, so without this one stuck reader could make
 * the server buffer without bound. Closing (not a Socket.IO disconnect) lets a healthy client reconnect.
 */
@Sharable
public final class SlowReaderGuard extends ChannelOutboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(SlowReaderGuard.class);

    private final long maxPendingBytes;
    private final PushMetrics metrics;

    public SlowReaderGuard(long maxPendingBytes, PushMetrics metrics) {
        this.maxPendingBytes = maxPendingBytes;
        this.metrics = metrics;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        ChannelOutboundBuffer pending = ctx.channel().unsafe().outboundBuffer();
        if (pending != null && !ctx.channel().isWritable() && pending.totalPendingWriteBytes() > maxPendingBytes) {
            io.netty.util.ReferenceCountUtil.release(msg);
            if (!promise.isVoid()) {
                promise.tryFailure(new IllegalStateException("slow reader"));
            }
            if (ctx.channel().isOpen()) {
                log.info("closing {}: peer stopped reading with {} bytes pending", ctx.channel().remoteAddress(),
                        pending.totalPendingWriteBytes());
                metrics.slowClientDropped();
                ctx.channel().close();
            }
            return;
        }
        super.write(ctx, msg, promise);
    }
}
