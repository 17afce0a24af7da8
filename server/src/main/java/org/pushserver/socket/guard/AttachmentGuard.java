package org.pushserver.socket.guard;

import com.corundumstudio.socketio.handler.ClientHead;
import com.corundumstudio.socketio.messages.PacketsMessage;
import com.corundumstudio.socketio.protocol.Packet;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;

/**
 * Refuses binary (attachment) packets, which this server's contract never uses. Found by the bad-input battery:
 * once a client announces attachments ({@code 451-[…]}, or {@code 4599999999-[…]}), netty-socketio takes every
 * later frame of that client, text or binary, as one more attachment and keeps a copy of it until the announced
 * count has arrived: the session stops answering (even its pongs are swallowed) and its memory grows with every
 * frame the client sends. Here the frame after such an announcement closes the connection as bad input instead
 * (through {@link SocketErrors}: one counted warning). Sits before netty-socketio's packet handler.
 */
@Sharable
public final class AttachmentGuard extends ChannelInboundHandlerAdapter {

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof PacketsMessage packets && awaitsAttachments(packets.getClient())) {
            // the transport releases the message's content once this returns
            ctx.fireExceptionCaught(new DecoderException("binary attachments are not accepted"));
            return;
        }
        super.channelRead(ctx, msg);
    }

    private static boolean awaitsAttachments(ClientHead client) {
        Packet pending = client == null ? null : client.getLastBinaryPacket();
        return pending != null && pending.hasAttachments() && !pending.isAttachmentsLoaded();
    }
}
