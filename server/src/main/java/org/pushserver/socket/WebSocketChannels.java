package org.pushserver.socket;

import com.corundumstudio.socketio.Transport;
import com.corundumstudio.socketio.messages.PacketsMessage;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;

import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers the websocket channel of each Socket.IO session, so a push can write its pre-encoded frame straight to
 * the channel instead of going through netty-socketio's per-packet queue and encoder. It sits before netty-socketio's
 * packet handler and learns the channel from the first packet a session sends over it (its CONNECT, at the latest
 * its login), so a socket is known here before it can log in. That moment also drops the HTTP-only handlers, which a
 * websocket connection never needs again.
 */
@Sharable
final class WebSocketChannels extends ChannelInboundHandlerAdapter {
    private static final AttributeKey<UUID> SESSION = AttributeKey.valueOf("pushserver.session");
    private final ConcurrentHashMap<UUID, ChannelHandlerContext> channels = new ConcurrentHashMap<>();

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof PacketsMessage packets && packets.getTransport() == Transport.WEBSOCKET
                && ctx.channel().attr(SESSION).get() == null) {
            UUID session = packets.getClient().getSessionId();
            ctx.channel().attr(SESSION).set(session);
            channels.put(session, ctx);
            PushChannelInitializer.dropHttpOnlyHandlers(ctx.pipeline());
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        UUID session = ctx.channel().attr(SESSION).get();
        if (session != null) {
            channels.remove(session, ctx);
        }
        super.channelInactive(ctx);
    }

    /**
     * Where to write to the open websocket of {@code session}, or null. Writing from this handler's context
     * rather than the channel's tail skips the dozen Socket.IO and HTTP handlers that have nothing to do with an
     * already encoded frame.
     */
    ChannelHandlerContext of(UUID session) {
        ChannelHandlerContext ctx = channels.get(session);
        return ctx != null && ctx.channel().isActive() ? ctx : null;
    }
}
