package org.pushserver.socket.engineio;

import com.corundumstudio.socketio.Transport;
import com.corundumstudio.socketio.handler.ClientHead;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import org.pushserver.http.HttpOnly;
import org.pushserver.http.HttpReply;

import java.util.Map;

/**
 * One websocket per session, as the spec says. netty-socketio binds every websocket that names a session: a second
 * one took the session over from the first (which then never heard from it again), even after the upgrade. Here a
 * websocket that claims a session which already has one, or which is already on a websocket, is refused with 400
 * before its handshake; every accepted websocket is remembered by {@link Sessions}, so that closing the session
 * closes it too, even while it only probes.
 */
@Sharable
public final class WebSocketClaims extends ChannelInboundHandlerAdapter implements HttpOnly {
    private static final HttpReply BAD_REQUEST = HttpReply.json(400, Map.of("code", 3, "message", "Bad request"));

    private final String path;
    private final Sessions sessions;

    public WebSocketClaims(String socketIoPath, Sessions sessions) {
        this.path = socketIoPath + "/";
        this.sessions = sessions;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (!(msg instanceof FullHttpRequest request && request.uri().startsWith(path)
                && request.uri().contains("transport=websocket"))) {
            super.channelRead(ctx, msg);
            return;
        }
        ClientHead head = sessions.of(new QueryStringDecoder(request.uri()));
        if (head != null && (head.getCurrentTransport() == Transport.WEBSOCKET || !sessions.claimWebSocket(head, ctx.channel()))) {
            ReferenceCountUtil.release(request);
            ctx.channel().writeAndFlush(BAD_REQUEST.toResponse(false)).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        super.channelRead(ctx, msg);
        ClientHead opened = ctx.channel().attr(ClientHead.CLIENT).get(); // a websocket-only session, just opened
        if (head == null && opened != null) {
            sessions.claimWebSocket(opened, ctx.channel());
        }
    }
}
