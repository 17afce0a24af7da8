package org.pushserver.socket.engineio;

import com.corundumstudio.socketio.Transport;
import com.corundumstudio.socketio.handler.ClientHead;
import com.corundumstudio.socketio.handler.EncoderHandler;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import org.pushserver.http.HttpOnly;
import org.pushserver.http.HttpReply;

import java.util.Map;

/**
 * Holds a session to one pending poll, as the spec says. netty-socketio binds every GET of a session as its poll:
 * a second GET while one is pending took the first one's place and left it hanging; a GET that the client aborted
 * left the session open until its heartbeat; a GET after the upgrade was bound too, and took packets meant for the
 * websocket. Here a second GET is answered 400 and closes the session (the first poll gets its CLOSE packet), an
 * aborted poll ends the session, and a GET to a session on a websocket is answered 400. The pending poll's channel
 * is kept in the session's store, so it goes with the session.
 */
@Sharable
public final class PollingGets extends ChannelInboundHandlerAdapter implements HttpOnly {
    private static final String KEY = "pushserver.poll";
    private static final HttpReply BAD_REQUEST = HttpReply.json(400, Map.of("code", 3, "message", "Bad request"));

    private final String path;
    private final Sessions sessions;

    public PollingGets(String socketIoPath, Sessions sessions) {
        this.path = socketIoPath + "/";
        this.sessions = sessions;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof FullHttpRequest request && request.method() == HttpMethod.GET && request.uri().startsWith(path)
                && request.uri().contains("transport=polling")) {
            ClientHead head = sessions.of(new QueryStringDecoder(request.uri()));
            if (head != null && !accept(head, ctx.channel())) {
                ReferenceCountUtil.release(request);
                ctx.channel().writeAndFlush(BAD_REQUEST.toResponse(false)).addListener(ChannelFutureListener.CLOSE);
                return;
            }
        }
        super.channelRead(ctx, msg);
    }

    /** Records {@code poll} as the session's pending poll; false (and the session closed if it must be) to refuse it. */
    private boolean accept(ClientHead head, Channel poll) {
        if (head.getCurrentTransport() == Transport.WEBSOCKET) {
            return false;
        }
        boolean duplicate;
        synchronized (head) {
            Channel pending = head.getStore().get(KEY);
            duplicate = pending != null && pending != poll && pending.isActive() && unanswered(pending);
            if (!duplicate) {
                head.getStore().set(KEY, poll);
            }
        }
        if (duplicate) {
            sessions.close(head, "a second poll while one was pending");
            return false;
        }
        poll.closeFuture().addListener(closed -> {
            // closed before anything was written to it: the client aborted its poll (or the server is stopping)
            if (unanswered(poll) && head.isConnected() && head.getCurrentTransport() == Transport.POLLING) {
                sessions.close(head, "its pending poll was aborted");
            }
        });
        return true;
    }

    private static boolean unanswered(Channel poll) {
        return poll.attr(EncoderHandler.WRITE_ONCE).get() == null;
    }
}
