package org.pushserver.socket.engineio;

import com.corundumstudio.socketio.messages.OutPacketMessage;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;

/**
 * Drops acks whose id netty-socketio cannot encode. Socket.IO ack ids are small counters, but netty-socketio takes
 * whatever digits a client sends as the id (into a long, overflowing on the way), and its encoder throws for an id
 * beyond an int, leaking the frame buffer it had started: found by the bad-input battery (Netty's leak detector) with
 * {@code 422147483648["user_login",…]}. Such an ack is taken out of the socket's queue before the encoder sees it;
 * the client that made the id up gets no ack. Sits just before netty-socketio's encoder on the outbound side.
 */
@Sharable
public final class AckIds extends ChannelOutboundHandlerAdapter {

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof OutPacketMessage out) {
            out.getClientHead().getPacketsQueue(out.getTransport()).removeIf(packet -> packet.getAckId() != null
                    && (packet.getAckId() < 0 || packet.getAckId() > Integer.MAX_VALUE));
        }
        super.write(ctx, msg, promise);
    }
}
