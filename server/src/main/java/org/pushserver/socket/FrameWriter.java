package org.pushserver.socket;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes one pre-encoded websocket frame to many channels with one task and one flush per channel per event loop,
 * instead of one cross-thread task per socket. Used once per push, from one thread.
 */
final class FrameWriter {
    private final Map<EventLoop, List<Channel>> byLoop = new IdentityHashMap<>();

    void add(Channel channel) {
        byLoop.computeIfAbsent(channel.eventLoop(), loop -> new ArrayList<>()).add(channel);
    }

    /** Writes the push's websocket frame to every channel added. */
    void writeAll(PushPackets packets) {
        if (byLoop.isEmpty()) {
            return;
        }
        ByteBuf frame = packets.websocketFrame();
        try {
            for (Map.Entry<EventLoop, List<Channel>> entry : byLoop.entrySet()) {
                List<Channel> channels = entry.getValue();
                if (entry.getKey().inEventLoop()) {
                    write(channels, frame);
                } else {
                    ByteBuf shared = frame.retain();
                    entry.getKey().execute(() -> {
                        try {
                            write(channels, shared);
                        } finally {
                            shared.release();
                        }
                    });
                }
            }
        } finally {
            frame.release();
        }
    }

    private static void write(List<Channel> channels, ByteBuf frame) {
        for (Channel channel : channels) {
            channel.writeAndFlush(new TextWebSocketFrame(frame.retainedDuplicate()), channel.voidPromise());
        }
    }
}
