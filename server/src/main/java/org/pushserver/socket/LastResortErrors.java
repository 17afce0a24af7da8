package org.pushserver.socket;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.pushserver.metrics.PushMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/**
 * The pipeline's last handler: an error nobody handled (an oversized websocket message, an undecodable frame)
 * closes that connection with one counted log line, instead of leaving it open with a half-read message.
 */
@Sharable
final class LastResortErrors extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(LastResortErrors.class);
    private final PushMetrics metrics;

    LastResortErrors(PushMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        metrics.socketError();
        if (cause instanceof IOException) {
            log.debug("connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        } else {
            log.warn("closing {} after bad input: {}", ctx.channel().remoteAddress(), cause.toString());
        }
        ctx.close();
    }
}
