package org.pushserver.http;


import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;

/**
 * Netty's aggregator with our answer to an oversized body: a JSON 413, then the connection is closed so the
 * rest of the body is never read.
 */
public final class LimitedAggregator extends HttpObjectAggregator {
    private final int maxBytes;

    public LimitedAggregator(int maxBytes) {
        super(maxBytes);
        this.maxBytes = maxBytes;
    }

    @Override
    protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
        return null; // as netty-socketio: never answer 100-continue, read the body as it comes
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        HttpReply reply = HttpReply.error(ErrorCode.BODY_TOO_LARGE,
                "the body is larger than " + maxBytes + " bytes (MAX_BODY_BYTES)");
        ctx.channel().writeAndFlush(reply.toResponse(false)).addListener(ChannelFutureListener.CLOSE);
    }
}
