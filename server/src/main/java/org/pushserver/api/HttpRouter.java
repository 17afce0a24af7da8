package org.pushserver.api;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpUtil;
import org.pushserver.delivery.StoreUnavailableException;
import org.pushserver.http.ErrorCode;
import org.pushserver.http.HttpOnly;
import org.pushserver.http.HttpReply;
import org.pushserver.metrics.PushMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;

/**
 * Serves every HTTP request that is not Socket.IO's: finds the route, checks method, CORS and publishing rights,
 * and writes the route's answer, or its error as JSON. Sits before netty-socketio's wrong-URL handler.
 */
@Sharable
public final class HttpRouter extends SimpleChannelInboundHandler<FullHttpRequest> implements HttpOnly {
    private static final Logger log = LoggerFactory.getLogger(HttpRouter.class);

    private final Map<String, Route> routes;
    private final Route fallback;
    private final PublishGate gate;
    private final Drain drain;
    private final Cors cors;
    private final PushMetrics metrics;

    /**
     * @param routes   exact paths
     * @param fallback answers paths not in {@code routes} (static files, else 404)
     */
    public HttpRouter(Map<String, Route> routes, Route fallback, PublishGate gate, Drain drain, Cors cors, PushMetrics metrics) {
        this.routes = Map.copyOf(routes);
        this.fallback = fallback;
        this.gate = gate;
        this.drain = drain;
        this.cors = cors;
        this.metrics = metrics;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        HttpCall call = HttpCall.of(request, ctx.channel().remoteAddress());
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        String key = routeKey(call.path());
        Route route = key != null ? routes.get(key) : fallback;
        String label = key != null ? key : "other";
        CompletableFuture<HttpReply> reply;
        drain.started();
        try {
            reply = dispatch(route, call);
        } catch (RuntimeException e) { // an ApiException, or a bug: either way the caller gets its JSON answer
            reply = CompletableFuture.failedFuture(e);
        }
        reply.exceptionally(HttpRouter::toError)
                .thenAccept(r -> write(ctx, call, r, keepAlive, label));
    }

    /** The route for {@code path}: an exact path, or a key ending in {@code /} that the path extends ({@code /api/messages/{id}}). */
    private String routeKey(String path) {
        if (routes.containsKey(path)) {
            return path;
        }
        int slash = path.lastIndexOf('/');
        if (slash > 0 && slash < path.length() - 1) {
            String prefix = path.substring(0, slash + 1);
            if (routes.containsKey(prefix)) {
                return prefix;
            }
        }
        return null;
    }

    private CompletableFuture<HttpReply> dispatch(Route route, HttpCall call) {
        if (call.method().equals(HttpMethod.OPTIONS)) {
            return CompletableFuture.completedFuture(new HttpReply(204, "text/plain", new byte[0],
                    cors.headers(call.header(HttpHeaderNames.ORIGIN), true)));
        }
        if (route != fallback && !route.methods().contains(call.method())) {
            String allow = route.methods().stream().map(HttpMethod::name).sorted().collect(Collectors.joining(", "));
            return CompletableFuture.completedFuture(HttpReply.error(ErrorCode.METHOD_NOT_ALLOWED,
                    call.method() + " is not allowed on " + call.path() + "; use " + allow).withHeader("Allow", allow));
        }
        if (route.publishes() && drain.draining()) {
            throw new ApiException(ErrorCode.SHUTTING_DOWN);
        }
        return gate.admit(route, call).thenCompose(admitted -> route.handle(call));
    }

    private static HttpReply toError(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof ApiException api) {
            return api.reply();
        }
        if (cause instanceof StoreUnavailableException store) {
            return HttpReply.error(ErrorCode.CLUSTER_UNAVAILABLE, store.getMessage());
        }
        log.error("route failed", cause);
        return HttpReply.error(ErrorCode.INTERNAL, ErrorCode.INTERNAL.defaultMessage());
    }

    private void write(ChannelHandlerContext ctx, HttpCall call, HttpReply reply, boolean keepAlive, String label) {
        FullHttpResponse response = reply.toResponse(keepAlive);
        if (call.method().equals(HttpMethod.HEAD)) {
            // A HEAD answer has a GET's headers and no body, but Netty's plain response encoder sends what it is given:
            // a keep-alive client then read the body as the start of its next answer (bad-input battery).
            FullHttpResponse headersOnly = response.replace(Unpooled.EMPTY_BUFFER);
            response.release();
            response = headersOnly;
        }
        if (!call.method().equals(HttpMethod.OPTIONS)) {
            cors.headers(call.header(HttpHeaderNames.ORIGIN), false).forEach(response.headers()::set);
        }
        ChannelFuture written = ctx.writeAndFlush(response);
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
        metrics.httpRequest(label, reply.status());
        drain.finished();
    }
}
