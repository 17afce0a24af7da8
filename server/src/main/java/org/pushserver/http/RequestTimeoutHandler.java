package org.pushserver.http;


import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Answers 408 and closes when a request's headers arrived but its body did not follow in time, so a slow or
 * half-sent request cannot hold a connection and its buffer. Sits between the HTTP decoder and the aggregator.
 */
public final class RequestTimeoutHandler extends ChannelDuplexHandler implements HttpOnly {
    private final long timeoutNanos;
    private ScheduledFuture<?> timer;

    public RequestTimeoutHandler(Duration timeout) {
        this.timeoutNanos = timeout.toNanos();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof HttpRequest && timer == null) {
            timer = ctx.executor().schedule(() -> expire(ctx), timeoutNanos, TimeUnit.NANOSECONDS);
        }
        if (msg instanceof LastHttpContent) {
            cancel();
        }
        super.channelRead(ctx, msg);
    }

    private void expire(ChannelHandlerContext ctx) {
        timer = null;
        HttpReply reply = HttpReply.error(ErrorCode.REQUEST_TIMEOUT, "the request was not received within "
                + Duration.ofNanos(timeoutNanos).toMillis() + " ms (REQUEST_TIMEOUT_MS)");
        ctx.channel().writeAndFlush(reply.toResponse(false)).addListener(ChannelFutureListener.CLOSE);
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancel();
        super.channelInactive(ctx);
    }
}
