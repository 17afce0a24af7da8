package org.pushserver.socket.guard;

import com.corundumstudio.socketio.handler.ClientHead;
import com.corundumstudio.socketio.messages.PacketsMessage;
import com.corundumstudio.socketio.protocol.EngineIOVersion;
import com.corundumstudio.socketio.protocol.Packet;
import com.corundumstudio.socketio.protocol.PacketType;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.pushserver.socket.engineio.TestSessions;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AttachmentGuardTest {
    private static final TestSessions SESSIONS = new TestSessions();

    @AfterAll
    static void close() {
        SESSIONS.close();
    }

    @Test
    void theFrameAfterAnAnnouncementOfAttachmentsIsBadInputAndNotHandedOn() {
        ClientHead session = SESSIONS.session("4");
        Packet announced = new Packet(PacketType.MESSAGE, EngineIOVersion.V4); // what 451-["user_login",{…}] decodes to
        announced.setSubType(PacketType.BINARY_EVENT);
        announced.initAttachments(1);
        session.setLastBinaryPacket(announced);
        EmbeddedChannel channel = new EmbeddedChannel(new AttachmentGuard());
        PacketsMessage next = TestSessions.payload(session, "42[\"user_login\",\"t\"]");

        assertThrows(DecoderException.class, () -> channel.writeInbound(next));

        assertNull(channel.readInbound());
        next.getContent().release();
    }

    @Test
    void framesOfASessionWithoutAttachmentsPendingGoOn() {
        EmbeddedChannel channel = new EmbeddedChannel(new AttachmentGuard());
        PacketsMessage next = TestSessions.payload(SESSIONS.session("4"), "42[\"user_login\",\"t\"]");

        channel.writeInbound(next);

        assertSame(next, channel.readInbound());
        next.getContent().release();
    }
}
