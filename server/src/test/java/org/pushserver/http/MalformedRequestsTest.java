package org.pushserver.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MalformedRequestsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Sends {@code request} through MalformedRequests; returns the 400's JSON body, after checking what must hold. */
    private static JsonNode refused(FullHttpRequest request) throws Exception {
        EmbeddedChannel channel = new EmbeddedChannel(new MalformedRequests());
        channel.writeInbound(request);
        assertNull(channel.readInbound(), "the request was handed on");
        assertEquals(0, request.refCnt(), "the request was released");
        FullHttpResponse response = channel.readOutbound();
        assertEquals(400, response.status().code());
        JsonNode body = JSON.readTree(response.content().toString(StandardCharsets.UTF_8));
        response.release();
        assertFalse(channel.isOpen(), "the connection stays open after a request it cannot read to its end");
        assertEquals("malformed_request", body.path("error").asText(), body.toString());
        return body;
    }

    @Test
    void aRequestThatDidNotDecodeIsAnswered400WithTheReasonAndClosed() throws Exception {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/api");
        request.setDecoderResult(DecoderResult.failure(new TooLongFrameException("HTTP header is larger than 8192 bytes.")));

        assertTrue(refused(request).path("message").asText().contains("larger than 8192 bytes"));
    }

    @Test
    void aUriWithABrokenPercentEscapeIsAnswered400AndClosed() throws Exception {
        JsonNode body = refused(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/api/online?tokens=%zz"));
        assertTrue(body.path("message").asText().contains("%-escape"), body.toString());
    }

    @Test
    void aWellFormedRequestIsHandedOnUntouched() {
        EmbeddedChannel channel = new EmbeddedChannel(new MalformedRequests());
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/api/online?tokens=a%20b");

        channel.writeInbound(request);

        assertSame(request, channel.readInbound());
        assertNull(channel.readOutbound());
        request.release();
    }
}
