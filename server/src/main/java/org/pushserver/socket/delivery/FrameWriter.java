package org.pushserver.socket.delivery;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.concurrent.EventExecutor;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes one pre-encoded websocket frame to many channels with one task and one flush per channel per event loop,
 * instead of one cross-thread task per socket. Used once per push, from one thread.
 */
final class FrameWriter {
    private final Map<EventExecutor, List<ChannelHandlerContext>> byLoop = new IdentityHashMap<>();

    void add(ChannelHandlerContext ctx) {
        byLoop.computeIfAbsent(ctx.executor(), loop -> new ArrayList<>()).add(ctx);
    }

    /** Writes the push's websocket frame to every channel added. */
    void writeAll(PushPackets packets) {
        if (byLoop.isEmpty()) {
            return;
        }
        ByteBuf frame = packets.websocketFrame(byLoop.values().iterator().next().get(0).alloc());
        try {
            for (Map.Entry<EventExecutor, List<ChannelHandlerContext>> entry : byLoop.entrySet()) {
                List<ChannelHandlerContext> channels = entry.getValue();
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

    private static void write(List<ChannelHandlerContext> channels, ByteBuf frame) {
        for (ChannelHandlerContext ctx : channels) {
            ctx.writeAndFlush(new TextWebSocketFrame(frame.retainedDuplicate()), ctx.voidPromise());
        }
    }
}
