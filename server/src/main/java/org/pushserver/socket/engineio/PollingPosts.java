package org.pushserver.socket.engineio;

import com.corundumstudio.socketio.Transport;
import com.corundumstudio.socketio.handler.ClientHead;
import com.corundumstudio.socketio.protocol.EngineIOVersion;
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

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Checks a polling POST before netty-socketio answers it "ok" (which it does before reading a single packet):
 * a POST to a session that has upgraded to a websocket is refused with 400; an Engine.IO v4 payload larger than
 * {@code maxPayload} (what the handshake told the client) gets 413, and one with a bad packet ({@link PacketCheck})
 * gets 400, and both close the session, as the spec and the Node server do.
 */
@Sharable
public final class PollingPosts extends ChannelInboundHandlerAdapter implements HttpOnly {
    private final String path;
    private final Sessions sessions;
    private final int maxPayload;

    public PollingPosts(String socketIoPath, Sessions sessions, int maxPayload) {
        this.path = socketIoPath + "/";
        this.sessions = sessions;
        this.maxPayload = maxPayload;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof FullHttpRequest request && request.method() == HttpMethod.POST && request.uri().startsWith(path)) {
            ClientHead head = sessions.of(new QueryStringDecoder(request.uri()));
            Refusal refusal = head == null ? null : check(head, request);
            if (refusal != null) {
                ReferenceCountUtil.release(request);
                if (refusal.closesSession()) {
                    sessions.close(head, refusal.reply().status() == 413 ? "payload too large" : "bad packet");
                }
                ctx.channel().writeAndFlush(refusal.reply().toResponse(false)).addListener(ChannelFutureListener.CLOSE);
                return;
            }
        }
        super.channelRead(ctx, msg);
    }

    private record Refusal(HttpReply reply, boolean closesSession) {
    }

    private Refusal check(ClientHead head, FullHttpRequest request) {
        if (head.getCurrentTransport() == Transport.WEBSOCKET) {
            return new Refusal(error(400, "Bad request"), false);
        }
        if (head.getEngineIOVersion() != EngineIOVersion.V4) {
            return null; // v3 payloads are length-prefixed, text or binary: netty-socketio's decoder reads them
        }
        if (request.content().readableBytes() > maxPayload) {
            return new Refusal(error(413, "Payload too large"), true);
        }
        for (String packet : request.content().toString(StandardCharsets.UTF_8).split("\u001e", -1)) {
            if (!PacketCheck.valid(packet) || packet.equals("5")) { // an UPGRADE belongs on the websocket
                return new Refusal(error(400, "Bad request"), true);
            }
        }
        return null;
    }

    private static HttpReply error(int status, String message) {
        return HttpReply.json(status, Map.of("code", 3, "message", message));
    }
}
