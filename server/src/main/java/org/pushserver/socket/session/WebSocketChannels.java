package org.pushserver.socket.session;

import com.corundumstudio.socketio.Transport;
import com.corundumstudio.socketio.messages.PacketsMessage;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import org.pushserver.http.HttpOnly;

/**
 * Tells each {@link SocketSession} which websocket it uses, so a push can write its pre-encoded frame straight to the
 * channel instead of going through netty-socketio's per-packet queue and encoder. It sits before netty-socketio's
 * packet handler and learns the channel from the first packet a session sends over it (its upgrade probe or its
 * CONNECT), so a socket is known here before it can log in. That moment also drops the HTTP-only handlers, which a
 * websocket connection never needs again.
 */
@Sharable
public final class WebSocketChannels extends ChannelInboundHandlerAdapter {
    private static final AttributeKey<Boolean> LEARNED = AttributeKey.valueOf("pushserver.websocket.learned");

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof PacketsMessage packets && packets.getTransport() == Transport.WEBSOCKET
                && ctx.channel().attr(LEARNED).setIfAbsent(Boolean.TRUE) == null) {
            SocketSession.webSocketOpened(packets.getClient(), ctx);
            HttpOnly.removeAll(ctx.pipeline());
        }
        super.channelRead(ctx, msg);
    }
}
