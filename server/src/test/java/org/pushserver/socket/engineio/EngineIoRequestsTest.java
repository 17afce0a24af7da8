package org.pushserver.socket.engineio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EngineIoRequestsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SID = "2a6a4e0c-3f1b-4a53-9c43-0d5c1b0e8f11";

    private static JsonNode body(FullHttpResponse response) throws Exception {
        try {
            return JSON.readTree(response.content().toString(StandardCharsets.UTF_8));
        } finally {
            response.release();
        }
    }

    @ParameterizedTest(name = "{0} {1} is answered 400 with code {2}")
    @CsvSource({
            "GET, /socket.io/?EIO=4&transport=carrier-pigeon, 0",
            "GET, /socket.io/?EIO=4, 0",
            "GET, /socket.io/?EIO=4&transport=polling&sid=not-a-uuid, 1",
            "PUT, /socket.io/?EIO=4&transport=polling&sid=" + SID + ", 3",
            "GET, /socket.io/?EIO=4&transport=polling&j=abc, 3",
            "GET, /socket.io/?EIO=3&transport=polling&b64=yes, 3"})
    void aBadEngineIoRequestIsAnswered400WithItsCodeAndClosedWithoutReachingNettySocketIo(String method, String uri, int code)
            throws Exception {
        EmbeddedChannel channel = new EmbeddedChannel(new EngineIoRequests("/socket.io"));
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(method), uri);

        channel.writeInbound(request);

        assertNull(channel.readInbound(), "netty-socketio saw the request");
        assertEquals(0, request.refCnt(), "the request was released");
        FullHttpResponse response = channel.readOutbound();
        assertEquals(400, response.status().code());
        JsonNode body = body(response);
        assertEquals(code, body.path("code").asInt(), body.toString());
        assertFalse(body.path("message").asText().isEmpty());
        assertFalse(channel.isOpen(), "closed after the answer");
    }

    @Test
    void aGoodEngineIoRequestAndOtherPathsReachTheNextHandlerUntouched() {
        for (String uri : new String[] {"/socket.io/?EIO=4&transport=polling&t=x", "/socket.io/?EIO=4&transport=websocket&sid=" + SID,
                "/api?transport=nope"}) {
            EmbeddedChannel channel = new EmbeddedChannel(new EngineIoRequests("/socket.io"));
            FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri);
            channel.writeInbound(request);
            assertSame(request, channel.readInbound(), uri);
            assertNull(channel.readOutbound(), uri);
            request.release();
        }
    }

    @Test
    void nettySocketIosBare500ForAnUnknownSessionIsRewrittenAsEngineIosUnknownSession() throws Exception {
        EmbeddedChannel channel = new EmbeddedChannel(new EngineIoRequests("/socket.io"));

        channel.writeOutbound(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.INTERNAL_SERVER_ERROR));

        FullHttpResponse response = channel.readOutbound();
        assertEquals(400, response.status().code());
        assertEquals(1, body(response).path("code").asInt());
    }

    @Test
    void otherResponsesGoOutUnchanged() {
        EmbeddedChannel channel = new EmbeddedChannel(new EngineIoRequests("/socket.io"));
        DefaultHttpResponse ok = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);

        channel.writeOutbound(ok);

        assertSame(ok, channel.readOutbound());
        assertTrue(channel.isOpen());
    }
}
