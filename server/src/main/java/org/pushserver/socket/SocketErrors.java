package org.pushserver.socket;

import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.listener.ExceptionListenerAdapter;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.PrematureChannelClosureException;
import org.pushserver.metrics.PushMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;

/**
 * What a client's bad input costs: a counted, one-line warning. Garbage packets close only that connection
 * (netty-socketio's default would log a stack trace per packet); a failing listener leaves the socket connected.
 */
final class SocketErrors extends ExceptionListenerAdapter {
    private static final Logger log = LoggerFactory.getLogger(SocketErrors.class);
    private final PushMetrics metrics;

    SocketErrors(PushMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void onEventException(Exception e, List<Object> args, SocketIOClient client) {
        metrics.socketError();
        log.warn("event failed for socket {}: {}", client.getSessionId(), e.toString());
    }

    @Override
    public void onAuthException(Throwable e, SocketIOClient client) {
        metrics.socketError();
        log.warn("handshake check failed for socket {}: {}", client.getSessionId(), e.toString());
    }

    @Override
    public boolean exceptionCaught(ChannelHandlerContext ctx, Throwable e) {
        metrics.socketError();
        if (e instanceof IOException || e instanceof PrematureChannelClosureException) { // the peer left, or we closed it
            log.debug("connection {} closed: {}", ctx.channel().remoteAddress(), e.toString());
        } else {
            log.warn("closing {} after bad input: {}", ctx.channel().remoteAddress(), e.toString());
        }
        ctx.close();
        return true;
    }
}
