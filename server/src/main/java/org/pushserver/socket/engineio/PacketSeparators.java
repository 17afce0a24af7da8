package org.pushserver.socket.engineio;

import com.corundumstudio.socketio.handler.ClientHead;
import com.corundumstudio.socketio.messages.PacketsMessage;
import com.corundumstudio.socketio.protocol.EngineIOVersion;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;

/**
 * Keeps record separators (0x1e) away from netty-socketio's decoder. Found by the bad-input battery (Netty's leak
 * detector): for every separator in a payload the decoder copies the packet before it into a pooled direct buffer
 * that it never releases, so each batched v4 POST ({@code p1\u001ep2}, as v4 polling clients send them), or any
 * frame with a separator in it, leaked direct memory. An Engine.IO v4 payload is split here and its packets handed
 * on one at a time, up to one that closes the session; a separator cannot occur inside a v4 packet (JSON escapes
 * control characters, binary goes base64), so this splits exactly where the decoder would. In v3 a separator is no
 * delimiter and valid packets never hold one raw: such a payload is bad input. Sits before netty-socketio's packet
 * handler; the slices share the payload's buffer, which the transport releases once this returns.
 */
@Sharable
public final class PacketSeparators extends ChannelInboundHandlerAdapter {
    private static final byte SEPARATOR = 0x1e;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof PacketsMessage packets && packets.getClient() != null) {
            ByteBuf payload = packets.getContent();
            if (payload.indexOf(payload.readerIndex(), payload.writerIndex(), SEPARATOR) >= 0) {
                if (packets.getClient().getEngineIOVersion() == EngineIOVersion.V4) {
                    split(ctx, packets);
                } else {
                    ctx.fireExceptionCaught(new DecoderException("a record separator in an Engine.IO v3 payload"));
                }
                return;
            }
        }
        super.channelRead(ctx, msg);
    }

    private static void split(ChannelHandlerContext ctx, PacketsMessage packets) {
        ByteBuf payload = packets.getContent();
        ClientHead client = packets.getClient();
        int start = payload.readerIndex();
        int end = payload.writerIndex();
        // Not the channel's state but the session's: a polling POST's channel may be closing once its "ok" is written.
        while (start <= end && client.isConnected()) {
            int separator = payload.indexOf(start, end, SEPARATOR);
            int packetEnd = separator < 0 ? end : separator;
            if (packetEnd > start) {
                ctx.fireChannelRead(new PacketsMessage(client, payload.slice(start, packetEnd - start), packets.getTransport()));
            }
            start = packetEnd + 1;
        }
    }
}
