package org.pushserver.socket.guard;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * The pipeline's last handler: an error nobody handled (an oversized websocket message, an undecodable frame)
 * closes that connection the way {@link SocketErrors} closes one after a bad packet, instead of leaving it open
 * with a half-read message.
 */
@Sharable
public final class LastResortErrors extends ChannelInboundHandlerAdapter {
    private final SocketErrors errors;

    public LastResortErrors(SocketErrors errors) {
        this.errors = errors;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        errors.exceptionCaught(ctx, cause);
    }
}
