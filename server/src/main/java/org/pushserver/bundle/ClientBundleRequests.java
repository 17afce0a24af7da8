package org.pushserver.bundle;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.AttributeKey;
import org.pushserver.http.ErrorCode;
import org.pushserver.http.HttpOnly;
import org.pushserver.http.HttpReply;
import org.pushserver.metrics.PushMetrics;

import java.util.regex.Pattern;

/**
 * Serves the socket.io browser client at {@code SOCKETIO_PATH/socket.io.js} (and the other names a Node socket.io
 * server serves there, see {@link ClientBundle#FILE_NAMES}) as Node's {@code serveClient} does: ETag from the
 * package's version, 304 on a matching {@code If-None-Match}, {@code Cache-Control: public, max-age=0}, gzip when
 * accepted; GET and HEAD only (others a JSON 405), a JSON 404 for a name the line lacks or when the bundle is off.
 * Sits before the Engine.IO handlers, so these requests never reach them and never open a session; every other
 * request passes on untouched.
 *
 * <p>netty-socketio arms a timer on each new connection that closes it unless a request reaches its authorize handler
 * within the first-data timeout; a bundle request that this handler answers never does. So the bundle is answered
 * keep-alive only on a connection that already carried a request onwards; on a fresh one it is answered and closed,
 * instead of leaving a keep-alive connection that is cut seconds later, under a poll the browser may have sent on it.
 */
@Sharable
public final class ClientBundleRequests extends ChannelInboundHandlerAdapter implements HttpOnly {
    private static final Pattern NAME = Pattern.compile("socket\\.io(\\.msgpack|\\.esm)?(\\.min)?\\.js(\\.map)?");
    private static final AttributeKey<Boolean> FORWARDED = AttributeKey.valueOf(ClientBundleRequests.class, "forwarded");
    private static final String ALLOWED = "GET, HEAD";
    private static final String CACHE_CONTROL = "public, max-age=0";

    private final String prefix;
    private final ClientBundle bundle;
    private final String etag;
    private final PushMetrics metrics;

    /**
     * @param socketIoPath the Socket.IO path ({@code SOCKETIO_PATH}), under which the files are served
     * @param bundle       the line to serve, possibly {@link ClientBundle#off()}
     */
    public ClientBundleRequests(String socketIoPath, ClientBundle bundle, PushMetrics metrics) {
        this.prefix = socketIoPath.endsWith("/") ? socketIoPath : socketIoPath + "/";
        this.bundle = bundle;
        this.etag = '"' + bundle.version() + '"';
        this.metrics = metrics;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof FullHttpRequest request) {
            String name = fileName(request.uri());
            if (name != null) {
                try {
                    answer(ctx, request, name);
                } finally {
                    request.release();
                }
                return;
            }
            ctx.channel().attr(FORWARDED).set(Boolean.TRUE);
        }
        super.channelRead(ctx, msg);
    }

    /** The bundle file {@code uri} asks for, or null when it is not one (MalformedRequests refused undecodable URIs). */
    private String fileName(String uri) {
        if (!uri.startsWith(prefix)) {
            return null;
        }
        String path = new QueryStringDecoder(uri).path();
        String name = path.startsWith(prefix) ? path.substring(prefix.length()) : "";
        return NAME.matcher(name).matches() ? name : null;
    }

    private void answer(ChannelHandlerContext ctx, FullHttpRequest request, String name) {
        ClientBundle.File file = bundle.file(name).orElse(null);
        HttpMethod method = request.method();
        boolean keepAlive = HttpUtil.isKeepAlive(request) && ctx.channel().hasAttr(FORWARDED);
        FullHttpResponse response;
        if (file == null) {
            String why = bundle.line().equals("off") ? "CLIENT_BUNDLE=off: this server does not serve the socket.io client"
                    : "the socket.io client " + bundle.line() + ".x has no " + name + "; it has " + bundle.names();
            response = HttpReply.error(ErrorCode.NOT_FOUND, why).toResponse(keepAlive);
        } else if (!method.equals(HttpMethod.GET) && !method.equals(HttpMethod.HEAD)) {
            response = HttpReply.error(ErrorCode.METHOD_NOT_ALLOWED, method + " is not allowed on " + prefix + name
                    + "; use " + ALLOWED).withHeader("Allow", ALLOWED).toResponse(keepAlive);
        } else {
            response = serve(request.headers(), file, keepAlive);
        }
        if (method.equals(HttpMethod.HEAD)) { // a GET's headers, no body (Content-Length stays the GET's)
            FullHttpResponse headersOnly = response.replace(Unpooled.EMPTY_BUFFER);
            response.release();
            response = headersOnly;
        }
        metrics.httpRequest("client-bundle", response.status().code());
        // written from the tail: the HTTP encoder sits after this handler
        ChannelFuture written = ctx.channel().writeAndFlush(response);
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }

    private FullHttpResponse serve(HttpHeaders request, ClientBundle.File file, boolean keepAlive) {
        FullHttpResponse response;
        if (CacheHeaders.matches(request.get(HttpHeaderNames.IF_NONE_MATCH), bundle.version())) {
            response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_MODIFIED);
        } else {
            boolean gzip = CacheHeaders.acceptsGzip(request.get(HttpHeaderNames.ACCEPT_ENCODING));
            byte[] body = gzip ? bundle.gzip(file) : file.identity();
            response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.wrappedBuffer(body));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, file.contentType())
                    .set(HttpHeaderNames.CONTENT_LENGTH, body.length)
                    .set("X-Content-Type-Options", "nosniff")
                    // public code: a page of any origin may also import it as a module (the ESM build), which needs CORS
                    .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
            if (gzip) {
                response.headers().set(HttpHeaderNames.CONTENT_ENCODING, HttpHeaderValues.GZIP);
            }
        }
        response.headers().set(HttpHeaderNames.ETAG, etag)
                .set(HttpHeaderNames.CACHE_CONTROL, CACHE_CONTROL)
                .set(HttpHeaderNames.VARY, HttpHeaderNames.ACCEPT_ENCODING)
                .set(HttpHeaderNames.CONNECTION, keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
        return response;
    }
}
