package org.pushserver.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestTimeoutHandlerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static EmbeddedChannel headersOnly() {
        EmbeddedChannel channel = new EmbeddedChannel(new RequestTimeoutHandler(Duration.ofMillis(500)));
        channel.writeInbound(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/api"));
        return channel;
    }

    @Test
    void aRequestWhoseBodyDoesNotFollowInTimeIsAnswered408AndClosed() throws Exception {
        EmbeddedChannel channel = headersOnly();

        channel.advanceTimeBy(500, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();

        FullHttpResponse response = channel.readOutbound();
        assertEquals(408, response.status().code());
        JsonNode body = JSON.readTree(response.content().toString(StandardCharsets.UTF_8));
        response.release();
        assertEquals("request_timeout", body.path("error").asText(), body.toString());
        assertTrue(body.path("message").asText().contains("REQUEST_TIMEOUT_MS"), body.toString());
        assertFalse(channel.isOpen());
    }

    @Test
    void aRequestStillWithinItsTimeIsNotAnswered() {
        EmbeddedChannel channel = headersOnly();

        channel.advanceTimeBy(499, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();

        assertNull(channel.readOutbound());
        assertTrue(channel.isOpen());
    }

    @Test
    void aRequestWhoseBodyArrivedInTimeIsNeverTimedOut() {
        EmbeddedChannel channel = headersOnly();
        channel.writeInbound(new DefaultLastHttpContent(Unpooled.copiedBuffer("{}", StandardCharsets.UTF_8)));

        channel.advanceTimeBy(10, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();

        assertNull(channel.readOutbound());
        assertTrue(channel.isOpen());
        Object m;
        while ((m = channel.readInbound()) != null) {
            ReferenceCountUtil.release(m);
        }
    }
}
