package org.pushserver.socket.guard;

import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.listener.ExceptionListenerAdapter;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.ssl.NotSslRecordException;
import org.pushserver.metrics.PushMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.util.List;

/**
 * What a client's bad input costs: a counted, one-line warning. Garbage packets close only that connection
 * (netty-socketio's default would log a stack trace per packet); a failing listener leaves the socket connected.
 * A failed TLS handshake is counted apart, and logged without what the peer sent.
 */
public final class SocketErrors extends ExceptionListenerAdapter {
    private static final Logger log = LoggerFactory.getLogger(SocketErrors.class);
    private final PushMetrics metrics;

    public SocketErrors(PushMetrics metrics) {
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
        Throwable cause = e instanceof DecoderException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof SSLException) { // the TLS handler has already closed the connection
            metrics.tlsHandshakeFailed();
            // Never the exception's message for a non-TLS record: it is a hex dump of what the peer sent (a plain
            // HTTP request to the HTTPS port, with its headers). DEBUG: anyone on the internet can cause these.
            log.debug("closing {}: {}", ctx.channel().remoteAddress(), cause instanceof NotSslRecordException
                    ? "not TLS (plain HTTP to the HTTPS port?)" : "TLS failed: " + cause.getClass().getSimpleName() + ": " + cause.getMessage());
            ctx.close();
            return true;
        }
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
