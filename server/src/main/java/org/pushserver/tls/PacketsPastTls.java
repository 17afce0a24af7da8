package org.pushserver.tls;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Sits before the TLS handler and sends every inbound message that is not network bytes straight past it.
 *
 * <p>Why: netty-socketio's transports hand decoded packets back to the pipeline's head
 * ({@code ctx.pipeline().fireChannelRead(new PacketsMessage(...))}) and release their buffer as soon as that call
 * returns. That happens while the TLS handler is still inside its decode (it fires the plaintext from there), and
 * Netty 4.1's decoders queue a message that re-enters them mid-decode until the decode is done: the packets would
 * arrive after their buffer was released ({@code IllegalReferenceCountException}, every login lost). Delivering them
 * to the handler after TLS keeps them synchronous, as they are without TLS.
 */
@Sharable
public final class PacketsPastTls extends ChannelInboundHandlerAdapter {
    private final String tlsHandlerName;

    public PacketsPastTls(String tlsHandlerName) {
        this.tlsHandlerName = tlsHandlerName;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ChannelHandlerContext tls = msg instanceof ByteBuf ? null : ctx.pipeline().context(tlsHandlerName);
        if (tls != null) {
            tls.fireChannelRead(msg);
        } else {
            ctx.fireChannelRead(msg);
        }
    }
}
