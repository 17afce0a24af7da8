package org.pushserver.socket.guard;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Closes a websocket whose client has sent no complete message for longer than the heartbeat allows (pingInterval +
 * pingTimeout, plus one tick of netty-socketio's timer). A live client answers every ping, so it always sends within
 * that time. This is the transport's own bound, whatever state netty-socketio left the session in: once a session is
 * forgotten (the client's {@code 41}, a bad packet) netty-socketio stops its ping timers but left the websocket open,
 * and a quiet client then held it, and its buffers, forever ({@code QuietConnectionsIT}). Armed by the {@code 101}
 * answer; only final data frames count, so a client cannot hold the connection with a trickle of fragments or
 * websocket pings. One instance per connection; sits just before netty-socketio's websocket transport.
 */
public final class QuietWebSockets extends ChannelDuplexHandler {
    private static final Logger log = LoggerFactory.getLogger(QuietWebSockets.class);
    /** netty-socketio's timer ticks every 100 ms: its own ping timeout, where it still runs, fires first. */
    private static final long TIMER_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final long quietNanos;
    private long lastHeardNanos;
    private ScheduledFuture<?> check;

    public QuietWebSockets(Duration pingInterval, Duration pingTimeout) {
        this.quietNanos = pingInterval.plus(pingTimeout).toNanos() + TIMER_TICK_NANOS;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (check == null && msg instanceof HttpResponse response
                && response.status().code() == HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
            lastHeardNanos = System.nanoTime();
            check = ctx.executor().schedule(() -> check(ctx), quietNanos, TimeUnit.NANOSECONDS);
        }
        super.write(ctx, msg, promise);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof WebSocketFrame frame && frame.isFinalFragment() && (msg instanceof TextWebSocketFrame
                || msg instanceof BinaryWebSocketFrame || msg instanceof ContinuationWebSocketFrame)) {
            lastHeardNanos = System.nanoTime();
        }
        super.channelRead(ctx, msg);
    }

    private void check(ChannelHandlerContext ctx) {
        if (!ctx.channel().isOpen()) {
            return;
        }
        long quietFor = System.nanoTime() - lastHeardNanos;
        if (quietFor >= quietNanos) {
            log.debug("closing websocket {}: nothing heard for {} ms", ctx.channel().remoteAddress(),
                    TimeUnit.NANOSECONDS.toMillis(quietFor));
            ctx.close();
        } else {
            check = ctx.executor().schedule(() -> check(ctx), quietNanos - quietFor, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (check != null) {
            check.cancel(false);
        }
        super.channelInactive(ctx);
    }
}
