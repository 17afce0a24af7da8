package org.pushserver.socket.engineio;

import com.corundumstudio.socketio.Transport;
import com.corundumstudio.socketio.handler.ClientHead;
import com.corundumstudio.socketio.messages.OutPacketMessage;
import com.corundumstudio.socketio.protocol.EngineIOVersion;
import com.corundumstudio.socketio.protocol.Packet;
import com.corundumstudio.socketio.protocol.PacketType;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class AckIdsTest {
    private static final TestSessions SESSIONS = new TestSessions();

    @AfterAll
    static void close() {
        SESSIONS.close();
    }

    private static Packet ack(Long id) {
        Packet packet = new Packet(PacketType.MESSAGE, EngineIOVersion.V4);
        packet.setSubType(PacketType.ACK);
        packet.setAckId(id);
        packet.setData(List.of());
        return packet;
    }

    @Test
    void acksWhoseIdTheEncoderCannotWriteAreTakenOutOfTheQueueAndTheRestGoesOn() {
        ClientHead session = SESSIONS.session("4");
        Packet small = ack(7L);
        Packet noId = ack(null);
        Packet largest = ack((long) Integer.MAX_VALUE);
        session.getPacketsQueue(Transport.POLLING).addAll(List.of(small, ack(1L + Integer.MAX_VALUE), noId, ack(-1L), largest));
        EmbeddedChannel channel = new EmbeddedChannel(new AckIds());
        OutPacketMessage out = new OutPacketMessage(session, Transport.POLLING);

        channel.writeOutbound(out);

        assertEquals(List.of(small, noId, largest), List.copyOf(session.getPacketsQueue(Transport.POLLING)));
        assertSame(out, channel.readOutbound(), "the message goes on to the encoder");
    }

    @Test
    void otherTransportsQueuesAreLeftAlone() {
        ClientHead session = SESSIONS.session("4");
        Packet tooLarge = ack(1L + Integer.MAX_VALUE);
        session.getPacketsQueue(Transport.WEBSOCKET).add(tooLarge);
        EmbeddedChannel channel = new EmbeddedChannel(new AckIds());

        channel.writeOutbound(new OutPacketMessage(session, Transport.POLLING));

        assertEquals(List.of(tooLarge), List.copyOf(session.getPacketsQueue(Transport.WEBSOCKET)));
    }
}
