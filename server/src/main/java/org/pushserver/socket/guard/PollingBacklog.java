package org.pushserver.socket.guard;

import com.corundumstudio.socketio.Transport;
import com.corundumstudio.socketio.handler.ClientHead;
import com.corundumstudio.socketio.messages.PacketsMessage;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.pushserver.metrics.PushMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MAX_QUEUED_PACKETS for what a polling client makes the server answer, not only for pushes. Found by the heap
 * bounds audit: netty-socketio answers every ping with a pong (and a login with its ack) through the session's polling
 * queue, and a client that POSTs pings but never GETs keeps its session alive (every ping re-arms the ping timeout)
 * while the queue grows, 32k pongs per 64 KB POST, without bound. After each POST's packets are handled, a session
 * whose polling queue holds more than MAX_QUEUED_PACKETS is disconnected, as a slow reader is. Sits before
 * {@code PacketSeparators}, so it looks once per POST, not once per packet (the queue's size is counted by walking it).
 */
@Sharable
public final class PollingBacklog extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(PollingBacklog.class);

    private final int maxQueuedPackets;
    private final PushMetrics metrics;

    public PollingBacklog(int maxQueuedPackets, PushMetrics metrics) {
        this.maxQueuedPackets = maxQueuedPackets;
        this.metrics = metrics;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        ClientHead session = msg instanceof PacketsMessage packets && packets.getTransport() == Transport.POLLING
                ? packets.getClient() : null;
        super.channelRead(ctx, msg);
        if (session != null && session.isConnected() && session.getCurrentTransport() == Transport.POLLING
                && session.getPacketsQueue(Transport.POLLING).size() > maxQueuedPackets) {
            log.info("disconnecting polling session {}: more than {} packets wait for its next poll (MAX_QUEUED_PACKETS)",
                    session.getSessionId(), maxQueuedPackets);
            metrics.slowClientDropped();
            session.disconnect();
        }
    }
}
