package org.pushserver.socket.engineio;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.util.AttributeKey;
import org.pushserver.http.HttpOnly;

/**
 * Makes netty-socketio's polling answers say what they do. It writes {@code Connection: keep-alive} on every one and
 * then closes the connection, so a client that reuses connections (a browser, a pooled HTTP client) sent its next
 * request into a connection being closed and saw a reset: they now say {@code Connection: close}. And it labels
 * Engine.IO v4 payloads, which are text separated by {@code 0x1e}, {@code application/octet-stream}: they now go out
 * as {@code text/plain; charset=UTF-8}, as the Node server sends them. Only netty-socketio's own answers are
 * touched: they are the ones not written whole ({@link FullHttpResponse}); v3 binary payloads keep their type.
 */
@Sharable
public final class PollingResponses extends ChannelDuplexHandler implements HttpOnly {
    private static final AttributeKey<Boolean> V4_POLL = AttributeKey.valueOf("pushserver.v4poll");
    private final String path;

    public PollingResponses(String socketIoPath) {
        this.path = socketIoPath + "/";
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof FullHttpRequest request && request.uri().startsWith(path)) {
            String uri = request.uri();
            ctx.channel().attr(V4_POLL).set(uri.contains("EIO=4") && uri.contains("transport=polling"));
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof HttpResponse response && !(msg instanceof FullHttpResponse)) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            if (Boolean.TRUE.equals(ctx.channel().attr(V4_POLL).get())
                    && HttpHeaderValues.APPLICATION_OCTET_STREAM.contentEqualsIgnoreCase(response.headers().get(HttpHeaderNames.CONTENT_TYPE))) {
                response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=UTF-8");
            }
        }
        super.write(ctx, msg, promise);
    }
}
