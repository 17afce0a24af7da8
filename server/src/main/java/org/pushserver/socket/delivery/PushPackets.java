package org.pushserver.socket.delivery;

import com.corundumstudio.socketio.protocol.EngineIOVersion;
import com.corundumstudio.socketio.protocol.Packet;
import com.corundumstudio.socketio.protocol.PacketType;
import com.fasterxml.jackson.databind.util.RawValue;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import org.pushserver.delivery.PushMessage;
import org.pushserver.socket.Events;
import org.pushserver.socket.session.Payload;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code receive_message} packets of one push in one {@link Payload} form, built once and shared by every socket
 * that takes that form: the payload is a pre-serialised {@link RawValue}, so writing it to a socket copies bytes
 * instead of encoding JSON again. One packet per Engine.IO version, because the version is part of how a packet is
 * framed.
 */
final class PushPackets {
    private static final String EVENT = Events.RECEIVE_MESSAGE;
    private static final byte[] FRAME_PREFIX = ("42[\"" + EVENT + "\",").getBytes(StandardCharsets.US_ASCII);

    private final PushMessage message;
    private final Payload form;
    private String payloadJson;
    private Packet v3;
    private Packet v4;

    PushPackets(PushMessage message, Payload form) {
        this.message = message;
        this.form = form;
    }

    /** The payload as a String, for the packets netty-socketio encodes (polling, acks); made once, when first asked. */
    private String payloadJson() {
        if (payloadJson == null) {
            payloadJson = form.hasId() ? message.payloadJsonWithId() : message.payloadJson();
        }
        return payloadJson;
    }

    PushMessage message() {
        return message;
    }

    /**
     * The whole websocket text frame, {@code 42["receive_message",{…}]} (with the offset as a last argument for
     * recovering clients): the same bytes for Engine.IO v3 and v4 clients of the default namespace. The caller
     * releases it.
     */
    ByteBuf websocketFrame(ByteBufAllocator alloc) {
        // The payload's characters are encoded straight into one pooled buffer: no String, no byte[] on the way.
        CharSequence payload = payloadJson != null ? payloadJson : message.payloadText(form.hasId());
        boolean offset = form.hasOffset() && message.id() != null;
        int payloadBytes = ByteBufUtil.utf8Bytes(payload);
        int size = FRAME_PREFIX.length + payloadBytes + (offset ? message.id().length() + 3 : 0) + 1;
        ByteBuf frame = alloc.buffer(size, size).writeBytes(FRAME_PREFIX);
        ByteBufUtil.reserveAndWriteUtf8(frame, payload, payloadBytes);
        if (offset) { // ids are [a-z0-9-]: no escaping
            frame.writeByte(',').writeByte('"').writeCharSequence(message.id(), StandardCharsets.US_ASCII);
            frame.writeByte('"');
        }
        return frame.writeByte(']');
    }

    /** The packet for a client of {@code version}; built lazily, used from one thread per push. */
    Packet forVersion(EngineIOVersion version) {
        if (version == EngineIOVersion.V4) {
            return v4 != null ? v4 : (v4 = build(EngineIOVersion.V4, form.hasOffset()));
        }
        return v3 != null ? v3 : (v3 = build(version, form.hasOffset()));
    }

    /**
     * A packet of its own for one socket that acks, which netty-socketio gives that socket's next ack id. Without the
     * offset: socket.io puts offsets only on events without an ack id (its client records none from them).
     */
    Packet withAck(EngineIOVersion version) {
        return build(version, false);
    }

    private Packet build(EngineIOVersion version, boolean offset) {
        Packet packet = new Packet(PacketType.MESSAGE, version);
        packet.setSubType(PacketType.EVENT);
        packet.setName(EVENT);
        List<Object> args = new ArrayList<>(2);
        args.add(new RawValue(payloadJson()));
        if (offset && message.id() != null) {
            args.add(message.id());
        }
        packet.setData(args);
        return packet;
    }
}
