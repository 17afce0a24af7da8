package org.pushserver.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An HTTP answer before it is written: status, content type, body and extra headers.
 *
 * @param status      HTTP status
 * @param contentType media type of {@code body}
 * @param body        the bytes to send
 * @param headers     extra headers, e.g. {@code Allow}
 */
public record HttpReply(int status, String contentType, byte[] body, Map<String, String> headers) {
    public static final String JSON = "application/json; charset=utf-8";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public static HttpReply json(int status, Object value) {
        try {
            return new HttpReply(status, JSON, MAPPER.writeValueAsBytes(value), Map.of());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode reply", e);
        }
    }

    public static HttpReply text(int status, String contentType, String body) {
        return new HttpReply(status, contentType, body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    /** The JSON error body {@code {"error": code, "message": message}} with the code's status. */
    public static HttpReply error(ErrorCode code, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code.code());
        body.put("message", message);
        return json(code.status(), body);
    }

    public HttpReply withHeader(String name, String value) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put(name, value);
        return new HttpReply(status, contentType, body, all);
    }

    /** The Netty response for this reply. */
    public FullHttpResponse toResponse(boolean keepAlive) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(status), Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        response.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        response.headers().set("X-Content-Type-Options", "nosniff");
        response.headers().set(HttpHeaderNames.CONNECTION, keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
        headers.forEach(response.headers()::set);
        return response;
    }
}
