package org.pushserver.http;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Marks a pipeline handler that only ever acts on HTTP requests. A connection that has become a websocket drops
 * every such handler (memory, and a shorter path per frame) without anyone keeping a list of their names.
 */
public interface HttpOnly extends ChannelHandler {

    /** Removes every {@link HttpOnly} handler from {@code pipeline}. */
    static void removeAll(ChannelPipeline pipeline) {
        List<ChannelHandler> httpOnly = new ArrayList<>();
        for (Map.Entry<String, ChannelHandler> entry : pipeline) {
            if (entry.getValue() instanceof HttpOnly) {
                httpOnly.add(entry.getValue());
            }
        }
        for (ChannelHandler handler : httpOnly) {
            pipeline.remove(handler);
        }
    }
}
