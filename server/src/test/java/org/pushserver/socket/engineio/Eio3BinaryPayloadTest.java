package org.pushserver.socket.engineio;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class Eio3BinaryPayloadTest {

    /** One v3 binary packet: the string flag, the length's digits as bytes, 0xff, the packet. */
    private static byte[] packet(String text) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        String digits = Integer.toString(body.length);
        ByteBuf out = Unpooled.buffer();
        out.writeByte(0);
        for (char d : digits.toCharArray()) {
            out.writeByte(d - '0');
        }
        out.writeByte(0xff).writeBytes(body);
        byte[] bytes = new byte[out.readableBytes()];
        out.readBytes(bytes);
        return bytes;
    }

    private static byte[] concat(byte[]... parts) {
        ByteBuf out = Unpooled.buffer();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        byte[] bytes = new byte[out.readableBytes()];
        out.readBytes(bytes);
        return bytes;
    }

    private static byte[] written(byte[] payload, String contentType) {
        EmbeddedChannel channel = new EmbeddedChannel(new Eio3BinaryPayload());
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        response.headers().set(HttpHeaderNames.CONTENT_LENGTH, payload.length);
        channel.write(response);
        channel.write(new DefaultHttpContent(Unpooled.wrappedBuffer(payload)));
        channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        HttpResponse out = channel.readOutbound();
        HttpContent content = channel.readOutbound();
        byte[] bytes = new byte[content.content().readableBytes()];
        content.content().readBytes(bytes);
        content.release();
        assertEquals(bytes.length, out.headers().getInt(HttpHeaderNames.CONTENT_LENGTH), "the length follows the body");
        channel.finishAndReleaseAll();
        return bytes;
    }

    @Test
    void theSeparatorsBetweenV3PacketsAreTakenOutSoEveryPacketIsRead() {
        byte[] ack = packet("431[{\"ok\":true}]");
        byte[] push = packet("42[\"receive_message\",{\"data\":\"\u001e inside text stays\"}]");
        byte[] sent = concat(ack, new byte[] {0x1e}, push, new byte[] {0x1e}, packet("3"));
        assertArrayEquals(concat(ack, push, packet("3")), written(sent, "application/octet-stream"));
    }

    @Test
    void aSinglePacketAndV4TextPayloadsAreLeftAsTheyAre() {
        byte[] single = packet("40");
        assertArrayEquals(single, written(single, "application/octet-stream"));
        byte[] v4 = "42[\"a\"]\u001e42[\"b\"]".getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(v4, written(v4, "application/octet-stream"), "v4 separates its packets with 0x1e");
    }
}
