package org.pushserver.socket.engineio;

import com.corundumstudio.socketio.handler.ClientHead;
import com.corundumstudio.socketio.messages.PacketsMessage;
import com.corundumstudio.socketio.namespace.Namespace;
import com.corundumstudio.socketio.transport.NamespaceClient;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import java.util.List;

/**
 * Makes sure a session closed by the packets it sent keeps no socket. Found by the bad-input battery: netty-socketio
 * decodes whatever follows a packet as more packets, and joins the namespace for any packet with a CONNECT subtype,
 * even one that is no MESSAGE and so fires no connect event for {@link LateConnects} to see: bytes such as
 * {@code 0xa6 0x02 0x21 0xd5 0x16 0x50} decode as a NOOP, a CLOSE, then a NOOP with CONNECT, closing the session
 * and then giving it a new socket. With the session's ping timers gone, that socket stayed connected forever.
 * Sits before netty-socketio's packet handler and looks once the packets have been handled.
 */
@Sharable
public final class ClosedSessions extends ChannelInboundHandlerAdapter {

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        ClientHead session = msg instanceof PacketsMessage packets ? packets.getClient() : null;
        super.channelRead(ctx, msg);
        if (session != null && !session.isConnected()) {
            for (Namespace namespace : List.copyOf(session.getNamespaces())) {
                NamespaceClient socket = session.getChildClient(namespace);
                if (socket != null) {
                    socket.onDisconnect(); // leaves the namespace and its rooms; disconnect listeners run
                }
            }
        }
    }
}
