package org.pushserver.socket.guard;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import org.pushserver.metrics.PushMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;

/**
 * MAX_CONNECTIONS_PER_IP: a connection from an address that already has that many open is closed before a byte is
 * read, so one client cannot exhaust file descriptors or memory. Counts TCP connections, as a proxy's limit would:
 * a polling client holds one or two, a websocket one. First in the pipeline, before TLS.
 */
@Sharable
public final class ConnectionsPerIp extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ConnectionsPerIp.class);
    private static final AttributeKey<InetAddress> COUNTED = AttributeKey.valueOf("pushserver.countedAddress");

    private final int max;
    private final PushMetrics metrics;
    private final ConcurrentHashMap<InetAddress, Integer> open = new ConcurrentHashMap<>();

    public ConnectionsPerIp(int max, PushMetrics metrics) {
        this.max = max;
        this.metrics = metrics;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        InetAddress address = ctx.channel().remoteAddress() instanceof InetSocketAddress inet ? inet.getAddress() : null;
        if (address != null) {
            int count = open.merge(address, 1, Integer::sum);
            ctx.channel().attr(COUNTED).set(address);
            if (count > max) {
                metrics.connectionRefused("per_ip");
                log.info("refused connection from {}: already {} open (MAX_CONNECTIONS_PER_IP)", address.getHostAddress(), count - 1);
                ctx.close();
                return;
            }
        }
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        InetAddress address = ctx.channel().attr(COUNTED).getAndSet(null);
        if (address != null) {
            open.computeIfPresent(address, (a, n) -> n > 1 ? n - 1 : null); // no entry left behind for a gone address
        }
        super.channelInactive(ctx);
    }

    /** Addresses with an open connection (for tests). */
    int addresses() {
        return open.size();
    }
}
