package org.pushserver.http;


import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;

/**
 * Answers a request that did not decode, or whose URI has a broken %-escape, with a JSON 400 and closes, before any
 * route or Socket.IO handler sees it. Found by the bad-input battery: Netty hands on a request whose headers were
 * too large or malformed (or whose chunked body broke) as if it were whole, flagged only in its decoder result, and
 * then ignores everything else the connection sends. Served as usual, a valid-looking 400 was sent keep-alive, the
 * client's next request on that connection went unread and got the first one's 408 a second later; a broken escape
 * made netty-socketio's handler throw, closing the connection without an answer.
 */
@Sharable
public final class MalformedRequests extends ChannelInboundHandlerAdapter implements HttpOnly {
    private static final int MAX_REASON_CHARS = 200;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof FullHttpRequest request) {
            String problem = problem(request);
            if (problem != null) {
                request.release();
                ctx.channel().writeAndFlush(HttpReply.error(ErrorCode.MALFORMED_REQUEST, problem).toResponse(false))
                        .addListener(ChannelFutureListener.CLOSE);
                return;
            }
        }
        super.channelRead(ctx, msg);
    }

    /** What is wrong with {@code request}, or null when it may be served. */
    private static String problem(FullHttpRequest request) {
        DecoderResult result = request.decoderResult();
        if (result.isFailure()) {
            String reason = String.valueOf(result.cause().getMessage());
            return "malformed HTTP request: "
                    + (reason.length() > MAX_REASON_CHARS ? reason.substring(0, MAX_REASON_CHARS) + "…" : reason);
        }
        try {
            QueryStringDecoder uri = new QueryStringDecoder(request.uri());
            uri.path();
            uri.parameters();
            return null;
        } catch (IllegalArgumentException e) {
            return "malformed URI: a %-escape is not two hex digits";
        }
    }
}
