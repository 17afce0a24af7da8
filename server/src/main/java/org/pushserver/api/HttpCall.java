package org.pushserver.api;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.Map;

/**
 * One received HTTP request, as the routes see it: copied out of Netty's buffer so a route may answer later,
 * on another thread.
 *
 * @param method  request method
 * @param path    decoded path without the query
 * @param query   query parameters
 * @param headers the headers routes care about, lower-case names
 * @param body    the raw body
 * @param remote  the caller's address
 * @param startNanos when the whole request had arrived, for latency metrics
 */
public record HttpCall(HttpMethod method, String path, Map<String, List<String>> query, Map<String, String> headers,
                       byte[] body, InetAddress remote, long startNanos) {

    /** Signed requests carry these two. */
    public static final String TIMESTAMP = "x-timestamp";
    public static final String SIGNATURE = "x-signature";
    /** A publish that may be retried carries this. */
    public static final String IDEMPOTENCY_KEY = "idempotency-key";
    private static final List<CharSequence> HEADERS = List.of(HttpHeaderNames.CONTENT_TYPE, HttpHeaderNames.AUTHORIZATION,
            HttpHeaderNames.ORIGIN, TIMESTAMP, SIGNATURE, IDEMPOTENCY_KEY);

    static HttpCall of(FullHttpRequest request, SocketAddress remote) {
        QueryStringDecoder decoder = new QueryStringDecoder(request.uri());
        byte[] body = new byte[request.content().readableBytes()];
        request.content().getBytes(request.content().readerIndex(), body);
        Map<String, String> headers = new java.util.HashMap<>();
        for (CharSequence name : HEADERS) {
            String value = request.headers().get(name);
            if (value != null) {
                headers.put(name.toString(), value);
            }
        }
        InetAddress address = remote instanceof InetSocketAddress inet ? inet.getAddress() : null;
        return new HttpCall(request.method(), decoder.path(), decoder.parameters(), headers, body, address, System.nanoTime());
    }

    public String header(CharSequence name) {
        return headers.get(name.toString());
    }
}
