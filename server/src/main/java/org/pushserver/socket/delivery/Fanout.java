package org.pushserver.socket.delivery;

import io.netty.channel.ChannelHandlerContext;
import org.pushserver.delivery.PushMessage;
import org.pushserver.socket.session.Payload;

/**
 * One push on its way to many sockets: its packets in each {@link Payload} form that some socket takes, built on first
 * use, and the websockets to write each form's frame to, grouped by event loop. Used by one thread.
 */
final class Fanout {
    private static final Payload[] FORMS = Payload.values();

    private final PushMessage message;
    private final PushPackets[] packets = new PushPackets[FORMS.length];
    private final FrameWriter[] frames = new FrameWriter[FORMS.length];

    Fanout(PushMessage message) {
        this.message = message;
    }

    PushMessage message() {
        return message;
    }

    PushPackets packets(Payload form) {
        int i = form.ordinal();
        return packets[i] != null ? packets[i] : (packets[i] = new PushPackets(message, form));
    }

    void addWebSocket(Payload form, ChannelHandlerContext ctx) {
        packets(form);
        int i = form.ordinal();
        (frames[i] != null ? frames[i] : (frames[i] = new FrameWriter())).add(ctx);
    }

    /** Writes each form's frame to every websocket added for it. */
    void writeAll() {
        for (int i = 0; i < FORMS.length; i++) {
            if (frames[i] != null) {
                frames[i].writeAll(packets[i]);
            }
        }
    }
}
