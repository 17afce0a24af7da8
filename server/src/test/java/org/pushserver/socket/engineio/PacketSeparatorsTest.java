package org.pushserver.socket.engineio;

import com.corundumstudio.socketio.handler.ClientHead;
import com.corundumstudio.socketio.messages.PacketsMessage;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PacketSeparatorsTest {
    private static final TestSessions SESSIONS = new TestSessions();

    @AfterAll
    static void close() {
        SESSIONS.close();
    }

    /** The packets the next handler saw, as text (read while their payload is still alive). */
    private static final class Seen extends ChannelInboundHandlerAdapter {
        final List<String> packets = new ArrayList<>();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            PacketsMessage packet = (PacketsMessage) msg;
            packets.add(packet.getContent().toString(StandardCharsets.UTF_8));
            if (packets.get(packets.size() - 1).equals("1")) {
                packet.getClient().onChannelDisconnect(); // what netty-socketio does with a CLOSE
            }
        }
    }

    @Test
    void aV4PayloadIsHandedOnPacketByPacketWithoutEmptyOnes() {
        Seen seen = new Seen();
        EmbeddedChannel channel = new EmbeddedChannel(new PacketSeparators(), seen);
        PacketsMessage payload = TestSessions.payload(SESSIONS.session("4"), "40\u001e\u001e421[\"user_login\",\"t\"]\u001e2");

        channel.writeInbound(payload);

        assertEquals(List.of("40", "421[\"user_login\",\"t\"]", "2"), seen.packets);
        payload.getContent().release();
    }

    @Test
    void packetsAfterOneThatClosedTheSessionAreNotHandedOn() {
        Seen seen = new Seen();
        EmbeddedChannel channel = new EmbeddedChannel(new PacketSeparators(), seen);
        PacketsMessage payload = TestSessions.payload(SESSIONS.session("4"), "1\u001e40");

        channel.writeInbound(payload);

        assertEquals(List.of("1"), seen.packets);
        payload.getContent().release();
    }

    @Test
    void aPayloadWithoutSeparatorGoesOnAsItIs() {
        EmbeddedChannel channel = new EmbeddedChannel(new PacketSeparators());
        PacketsMessage payload = TestSessions.payload(SESSIONS.session("4"), "42[\"a\"]");

        channel.writeInbound(payload);

        assertSame(payload, channel.readInbound());
        payload.getContent().release();
    }

    @Test
    void aSeparatorInAV3PayloadIsBadInputAndNothingIsHandedOn() {
        ClientHead v3 = SESSIONS.session("3");
        EmbeddedChannel channel = new EmbeddedChannel(new PacketSeparators());
        PacketsMessage payload = TestSessions.payload(v3, "2:40\u001e2:41");

        assertThrows(DecoderException.class, () -> channel.writeInbound(payload));

        assertNull(channel.readInbound());
        payload.getContent().release();
    }
}
