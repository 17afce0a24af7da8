package org.pushserver.socket.engineio;

import org.pushserver.http.HttpOnly;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.QueryStringEncoder;

import java.util.List;
import java.util.Map;

/**
 * Drops {@code b64=1} from Engine.IO v4 polling requests. Node clients of the 3.x/4.x line send it, but in v4 it
 * changes nothing (payloads are text separated by 0x1e), while netty-socketio would answer in the v3
 * length-prefixed framing that those clients cannot read.
 */
@Sharable
public final class EngineIoQuery extends ChannelInboundHandlerAdapter implements HttpOnly {
    private final String pathPrefix;

    public EngineIoQuery(String socketIoPath) {
        this.pathPrefix = socketIoPath + "/";
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof FullHttpRequest request && request.uri().startsWith(pathPrefix) && request.uri().contains("b64=")) {
            QueryStringDecoder decoder = new QueryStringDecoder(request.uri());
            Map<String, List<String>> params = decoder.parameters();
            if (params.getOrDefault("EIO", List.of()).contains("4") && params.containsKey("b64")) {
                QueryStringEncoder encoder = new QueryStringEncoder(decoder.path());
                params.forEach((name, values) -> {
                    if (!name.equals("b64")) {
                        values.forEach(v -> encoder.addParam(name, v));
                    }
                });
                request.setUri(encoder.toString());
            }
        }
        super.channelRead(ctx, msg);
    }
}
