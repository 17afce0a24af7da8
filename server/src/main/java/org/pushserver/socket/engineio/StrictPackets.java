package org.pushserver.socket.engineio;

import com.corundumstudio.socketio.Transport;
import com.corundumstudio.socketio.handler.ClientHead;
import com.corundumstudio.socketio.messages.PacketsMessage;
import com.corundumstudio.socketio.protocol.EngineIOVersion;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.util.ReferenceCountUtil;

import java.nio.charset.StandardCharsets;

/**
 * Closes a connection at its first bad packet, as the spec says, instead of letting netty-socketio's lenient decoder
 * read it as some other packet ({@link PacketCheck}), or an UPGRADE sent over polling (netty-socketio failed on it with
 * a NullPointerException); and tells the {@link Heartbeat} of every pong. A binary
 * websocket frame is refused whatever the version: this server takes no binary packets. Only Engine.IO v4 packets
 * are checked (v3 polling payloads arrive length-prefixed, and 2.x clients are served as before). Sits after
 * {@link PacketSeparators}, so each message is one packet; polling payloads were checked whole by
 * {@link PollingPosts}, which can still answer their POST with a 400.
 */
@Sharable
public final class StrictPackets extends ChannelInboundHandlerAdapter {
    private final Sessions sessions;
    private final Heartbeat heartbeat;

    public StrictPackets(Sessions sessions, Heartbeat heartbeat) {
        this.sessions = sessions;
        this.heartbeat = heartbeat;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof BinaryWebSocketFrame) {
            ReferenceCountUtil.release(msg);
            ctx.fireExceptionCaught(new DecoderException("a binary frame: this server takes no binary packets"));
            return;
        }
        if (msg instanceof PacketsMessage packets && packets.getClient() != null
                && packets.getClient().getEngineIOVersion() == EngineIOVersion.V4) {
            ClientHead head = packets.getClient();
            String packet = packets.getContent().toString(StandardCharsets.UTF_8);
            if (!PacketCheck.valid(packet) || packet.equals("5") && packets.getTransport() != Transport.WEBSOCKET) {
                // logged (one line) and that connection closed first, then the session (its other connection)
                ctx.fireExceptionCaught(new DecoderException("bad packet from session " + head.getSessionId()));
                sessions.close(head, "bad packet");
                return; // the transport releases the content once this returns
            }
            if (packet.equals("3")) {
                heartbeat.pong(head);
            } else if (packet.equals("1") || packet.startsWith("41")) {
                EngineIo.leaving(head); // a client's own close: its session is not kept for recovery
            }
        }
        super.channelRead(ctx, msg);
    }
}
