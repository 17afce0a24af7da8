package org.pushserver.socket.engineio;

import org.pushserver.http.HttpOnly;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import org.pushserver.http.HttpReply;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Answers bad Engine.IO requests the way the Node server does ({@code 400 {"code", "message"}}) before
 * netty-socketio sees them. Found by the bad-input battery: netty-socketio logs each of them at ERROR (a log flood
 * any client can cause), answers an unknown transport only after creating a session for it, answers a wrong method
 * or an unknown session with a bare 500, and drops the connection without an answer on a session id that is not
 * a UUID or on a non-numeric {@code j=}/{@code b64=}; it opened a session for a handshake without {@code EIO} or
 * with another method than GET (the spec's codes 5 and 2). Its 500 for a well-formed but unknown session id, which only
 * it can tell, is rewritten on the way out.
 */
@Sharable
public final class EngineIoRequests extends ChannelDuplexHandler implements HttpOnly {
    private static final Set<String> TRANSPORTS = Set.of("polling", "websocket");
    private static final Set<HttpMethod> POLLING_METHODS = Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.OPTIONS);
    private static final Pattern FLAG = Pattern.compile("-?\\d{1,9}|true|false");

    private final String path;

    public EngineIoRequests(String socketIoPath) {
        this.path = socketIoPath + "/";
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof FullHttpRequest request && request.uri().startsWith(path)) {
            QueryStringDecoder uri = new QueryStringDecoder(request.uri()); // MalformedRequests refused undecodable ones
            HttpReply error = uri.path().equals(path) ? check(request.method(), uri.parameters()) : null;
            if (error != null) {
                ReferenceCountUtil.release(request);
                ctx.channel().writeAndFlush(error.toResponse(false)).addListener(ChannelFutureListener.CLOSE);
                return;
            }
        }
        super.channelRead(ctx, msg);
    }

    /** The Engine.IO error for a request with these parameters, or null to let netty-socketio serve it. */
    private static HttpReply check(HttpMethod method, Map<String, List<String>> params) {
        String transport = first(params, "transport");
        if (transport == null || !TRANSPORTS.contains(transport)) {
            return error(0, "Transport unknown");
        }
        String eio = first(params, "EIO");
        if (!"4".equals(eio) && !"3".equals(eio)) { // mandatory (spec); 3 for the 2.x clients, 4 for the others
            return error(5, "Unsupported protocol version");
        }
        String sid = first(params, "sid");
        // netty-socketio opened a session for a POST and answered "ok"; a CORS preflight (OPTIONS) is no handshake
        if (sid == null && method != HttpMethod.GET && method != HttpMethod.OPTIONS) {
            return error(2, "Bad handshake method");
        }
        if (sid != null && !isUuid(sid)) {
            return error(1, "Session ID unknown");
        }
        if (transport.equals("polling") && sid != null && !POLLING_METHODS.contains(method)) {
            return error(3, "Bad request");
        }
        for (String flag : new String[] {"j", "b64"}) {
            String value = first(params, flag);
            if (value != null && !FLAG.matcher(value).matches()) {
                return error(3, "Bad request");
            }
        }
        return null;
    }

    /** netty-socketio's bare 500 (written only for a session it does not know, once the checks above passed). */
    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof HttpResponse response && !(msg instanceof FullHttpResponse)
                && response.status().equals(HttpResponseStatus.INTERNAL_SERVER_ERROR)) {
            ReferenceCountUtil.release(msg);
            super.write(ctx, error(1, "Session ID unknown").toResponse(false), promise);
            return;
        }
        super.write(ctx, msg, promise);
    }

    private static HttpReply error(int code, String message) {
        return HttpReply.json(400, Map.of("code", code, "message", message));
    }

    private static String first(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static boolean isUuid(String text) {
        try {
            return text.length() == 36 && UUID.fromString(text) != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
