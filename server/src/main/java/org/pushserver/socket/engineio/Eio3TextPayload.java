package org.pushserver.socket.engineio;

import org.pushserver.http.HttpOnly;

import com.corundumstudio.socketio.handler.EncoderHandler;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;

import java.nio.charset.StandardCharsets;

/**
 * Re-frames the text ({@code b64=1}) polling payloads sent to Engine.IO v3 clients the way socket.io 2.x clients
 * read them. netty-socketio frames them as engine.io-parser 1.x did: each packet's length counted in UTF-8 bytes
 * and the bytes sent once more UTF-8 encoded, one char per byte. Since 2.x a client reads {@code <length>:<packet>}
 * with the length in chars and decodes nothing more, so any non-ASCII text arrived garbled ("hÃ©llo") to clients
 * that poll in text mode (the 2.x Node client always does). Binary polling, websocket, Engine.IO v4 and JSONP
 * ({@code j=}) answers are left as they are.
 *
 * <p>One instance per channel: it holds a matching response (netty-socketio writes head, content and last content
 * in one go) until its last content, then writes it re-framed with the right Content-Length.
 */
public final class Eio3TextPayload extends ChannelOutboundHandlerAdapter implements HttpOnly {
    private HttpResponse heldResponse;
    private ChannelPromise heldPromise;
    private ByteBuf body;

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof HttpResponse response && !(msg instanceof HttpContent) && isTextPayload(ctx, response)) {
            heldResponse = response;
            heldPromise = promise;
            body = ctx.alloc().heapBuffer();
            return;
        }
        if (heldResponse != null && msg instanceof HttpContent content) {
            collect(ctx, content, promise);
            return;
        }
        super.write(ctx, msg, promise);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (body != null) {
            body.release();
            body = null;
        }
    }

    private static boolean isTextPayload(ChannelHandlerContext ctx, HttpResponse response) {
        // netty-socketio answers a b64 poll with exactly "text/plain" (a JSONP poll with application/javascript)
        return Boolean.TRUE.equals(ctx.channel().attr(EncoderHandler.B64).get())
                && ctx.channel().attr(EncoderHandler.JSONP_INDEX).get() == null
                && "text/plain".equals(response.headers().get(HttpHeaderNames.CONTENT_TYPE));
    }

    private void collect(ChannelHandlerContext ctx, HttpContent content, ChannelPromise promise) {
        try {
            body.writeBytes(content.content());
        } finally {
            content.release();
        }
        if (!(content instanceof LastHttpContent)) {
            promise.trySuccess();
            return;
        }
        ByteBuf reframed;
        try {
            reframed = Unpooled.wrappedBuffer(reframe(body.toString(StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        } finally {
            body.release();
            body = null;
        }
        HttpResponse response = heldResponse;
        ChannelPromise responsePromise = heldPromise;
        heldResponse = null;
        heldPromise = null;
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=UTF-8");
        HttpUtil.setContentLength(response, reframed.readableBytes());
        ctx.write(response, responsePromise);
        ctx.write(new DefaultHttpContent(reframed));
        ctx.write(LastHttpContent.EMPTY_LAST_CONTENT, promise);
    }

    /**
     * {@code <bytes>:<packet as one char per UTF-8 byte>}... to {@code <chars>:<packet>}...; a payload that does
     * not parse is returned unchanged.
     */
    static String reframe(String payload) {
        StringBuilder out = new StringBuilder(payload.length());
        int i = 0;
        while (i < payload.length()) {
            int colon = payload.indexOf(':', i);
            if (colon <= i) {
                return payload;
            }
            int byteLength;
            try {
                byteLength = Integer.parseInt(payload, i, colon, 10);
            } catch (NumberFormatException e) {
                return payload;
            }
            int end = colon + 1 + byteLength;
            if (byteLength < 0 || end > payload.length()) {
                return payload;
            }
            byte[] bytes = new byte[byteLength];
            for (int k = 0; k < byteLength; k++) {
                char c = payload.charAt(colon + 1 + k);
                if (c > 0xFF) {
                    return payload; // not the one-char-per-byte form: leave it alone
                }
                bytes[k] = (byte) c;
            }
            String packet = new String(bytes, StandardCharsets.UTF_8);
            out.append(packet.length()).append(':').append(packet);
            i = end;
        }
        return out.toString();
    }
}
