package org.pushserver.socket.engineio;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EngineIoQueryTest {

    private static String passed(String uri) {
        EmbeddedChannel channel = new EmbeddedChannel(new EngineIoQuery("/socket.io"));
        channel.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri));
        FullHttpRequest request = channel.readInbound();
        request.release();
        return request.uri();
    }

    @Test
    void b64IsDroppedFromAV4PollingRequestAndEveryOtherParameterKept() {
        assertEquals("/socket.io/?EIO=4&transport=polling&t=Nx1",
                passed("/socket.io/?EIO=4&transport=polling&b64=1&t=Nx1"));
    }

    @Test
    void aV3RequestKeepsB64BecauseThereItChangesTheFraming() {
        assertEquals("/socket.io/?EIO=3&transport=polling&b64=1", passed("/socket.io/?EIO=3&transport=polling&b64=1"));
    }

    @Test
    void requestsOutsideTheSocketIoPathAreLeftAlone() {
        assertEquals("/api?EIO=4&b64=1", passed("/api?EIO=4&b64=1"));
    }
}
