package org.pushserver.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpRequestDecoder;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LimitedAggregatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static EmbeddedChannel channel(int maxBytes) {
        return new EmbeddedChannel(new HttpRequestDecoder(), new LimitedAggregator(maxBytes));
    }

    private static void send(EmbeddedChannel channel, String body) {
        String request = "POST /api HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
        channel.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.UTF_8));
    }

    @Test
    void aBodyOverTheLimitIsAnswered413WithAJsonErrorNamingTheSettingAndClosed() throws Exception {
        EmbeddedChannel channel = channel(16);

        send(channel, "{\"tokens\":[\"a-token-too-long\"]}");

        assertNull(channel.readInbound(), "no request was handed on");
        FullHttpResponse response = channel.readOutbound();
        assertEquals(413, response.status().code());
        var body = JSON.readTree(response.content().toString(StandardCharsets.UTF_8));
        response.release();
        assertEquals("body_too_large", body.path("error").asText(), body.toString());
        assertTrue(body.path("message").asText().contains("MAX_BODY_BYTES"), body.toString());
        assertFalse(channel.isOpen());
    }

    @Test
    void aBodyWithinTheLimitIsHandedOnWholeWithoutA100Continue() {
        EmbeddedChannel channel = channel(64);
        String body = "{\"tokens\":[\"t\"]}";

        send(channel, body);

        FullHttpRequest request = channel.readInbound();
        assertEquals(body, request.content().toString(StandardCharsets.UTF_8));
        request.release();
        assertNull(channel.readOutbound(), "nothing was answered");
        assertTrue(channel.isOpen());
    }
}
