package org.pushserver.socket.engineio;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PollingResponsesTest {

    @Test
    void aV4PollAnswerSaysConnectionCloseAndTextPlain() {
        HttpResponse answer = answer("/socket.io/?EIO=4&transport=polling&sid=x", netty());
        assertEquals("close", answer.headers().get(HttpHeaderNames.CONNECTION));
        assertEquals("text/plain; charset=UTF-8", answer.headers().get(HttpHeaderNames.CONTENT_TYPE));
    }

    @Test
    void aV3PollAnswerKeepsItsBinaryTypeButSaysConnectionClose() {
        HttpResponse answer = answer("/socket.io/?EIO=3&transport=polling&sid=x", netty());
        assertEquals("close", answer.headers().get(HttpHeaderNames.CONNECTION));
        assertEquals("application/octet-stream", answer.headers().get(HttpHeaderNames.CONTENT_TYPE));
    }

    @Test
    void ourOwnWholeAnswersAreLeftAlone() {
        DefaultFullHttpResponse ours = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        ours.headers().set(HttpHeaderNames.CONNECTION, "keep-alive");
        HttpResponse answer = answer("/socket.io/?EIO=4&transport=polling&sid=x", ours);
        assertEquals("keep-alive", answer.headers().get(HttpHeaderNames.CONNECTION));
    }

    /** What netty-socketio's encoder writes for a poll: keep-alive, octet-stream, the body to follow. */
    private static HttpResponse netty() {
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        response.headers().set(HttpHeaderNames.CONNECTION, "keep-alive");
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/octet-stream");
        return response;
    }

    private static HttpResponse answer(String uri, HttpResponse response) {
        EmbeddedChannel channel = new EmbeddedChannel(new PollingResponses("/socket.io"));
        channel.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri));
        channel.<Object>readInbound();
        channel.writeOutbound(response);
        HttpResponse written = channel.readOutbound();
        channel.finishAndReleaseAll();
        return written;
    }
}
