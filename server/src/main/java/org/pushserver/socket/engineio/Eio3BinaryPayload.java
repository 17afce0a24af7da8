package org.pushserver.socket.engineio;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import org.pushserver.http.HttpOnly;

/**
 * Takes out the {@code 0x1e} that netty-socketio writes between the packets of an Engine.IO v3 binary polling payload.
 * v3 frames each packet by its length ({@code 0x00|0x01}, the length's digits, {@code 0xff}, the packet); the separator
 * is v4's. A v3 client reads it as the next packet's header and drops the rest of the payload: every packet after the
 * first of a poll was lost (the Java 1.x client lost login acks and pushes; socket.io-client 2.x alike). netty-socketio
 * writes the payload as one response and one content; this holds the response until its content is fixed.
 */
public final class Eio3BinaryPayload extends ChannelOutboundHandlerAdapter implements HttpOnly {
    private static final int SEPARATOR = 0x1e;
    private static final int LENGTH_END = 0xff;

    private HttpResponse held;
    private ChannelPromise heldPromise;

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof HttpResponse response && !(msg instanceof HttpContent)
                && "application/octet-stream".equals(response.headers().get(HttpHeaderNames.CONTENT_TYPE))) {
            held = response;
            heldPromise = promise;
            return;
        }
        if (held != null) {
            HttpResponse response = held;
            held = null;
            if (msg instanceof HttpContent content && isV3Binary(content.content())) {
                unseparate(content.content());
                HttpUtil.setContentLength(response, content.content().readableBytes());
            }
            ctx.write(response, heldPromise);
        }
        super.write(ctx, msg, promise);
    }

    private static boolean isV3Binary(ByteBuf payload) {
        return payload.isReadable() && payload.getUnsignedByte(payload.readerIndex()) <= 1;
    }

    /** Removes, in place, each separator that stands where the next packet's header should; other bytes stay. */
    static void unseparate(ByteBuf payload) {
        int read = payload.readerIndex();
        int write = read;
        int end = payload.writerIndex();
        while (read < end) {
            if (payload.getUnsignedByte(read) == SEPARATOR) {
                read++;
                continue;
            }
            int header = read;
            long length = 0;
            read++; // the string/binary flag
            while (read < end && payload.getUnsignedByte(read) != LENGTH_END) {
                length = length * 10 + payload.getUnsignedByte(read++);
            }
            int packetEnd = (int) Math.min(end, read + 1 + length);
            payload.setBytes(write, payload, header, packetEnd - header);
            write += packetEnd - header;
            read = packetEnd;
        }
        payload.writerIndex(write);
    }
}
