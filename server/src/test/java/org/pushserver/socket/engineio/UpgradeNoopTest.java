package org.pushserver.socket.engineio;

import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.Transport;
import com.corundumstudio.socketio.handler.ClientHead;
import com.corundumstudio.socketio.protocol.Packet;
import com.corundumstudio.socketio.protocol.PacketType;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class UpgradeNoopTest {
    private static final TestSessions SESSIONS = new TestSessions();

    @AfterAll
    static void close() {
        SESSIONS.close();
    }

    /** Polls {@code session} with {@code method} through UpgradeNoop; {@code upgrading}: whether its websocket is open. */
    private static void poll(ClientHead session, HttpMethod method, boolean upgrading) {
        SocketIOClient socket = session.addNamespaceClient(SESSIONS.namespace());
        Set<SocketIOClient> withWebSocket = upgrading ? Set.of(socket) : Set.of();
        EmbeddedChannel channel = new EmbeddedChannel(new UpgradeNoop("/socket.io",
                id -> id.equals(session.getSessionId()) ? socket : null, withWebSocket::contains));
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method,
                "/socket.io/?EIO=4&transport=polling&sid=" + session.getSessionId());
        channel.writeInbound(request);
        assertSame(request, channel.readInbound(), "the poll goes on to netty-socketio");
        request.release();
    }

    private static List<PacketType> queued(ClientHead session) {
        return session.getPacketsQueue(Transport.POLLING).stream().map(Packet::getType).toList();
    }

    @Test
    void aPollOfASessionWhoseWebSocketIsOpenGetsANoopQueued() {
        ClientHead session = SESSIONS.session("4");
        poll(session, HttpMethod.GET, true);
        assertEquals(List.of(PacketType.NOOP), queued(session));
    }

    @Test
    void aPollOfASessionWithoutWebSocketGetsNothing() {
        ClientHead session = SESSIONS.session("4");
        poll(session, HttpMethod.GET, false);
        assertEquals(List.of(), queued(session));
    }

    @Test
    void aPostOfAnUpgradingSessionGetsNothing() {
        ClientHead session = SESSIONS.session("4");
        poll(session, HttpMethod.POST, true);
        assertEquals(List.of(), queued(session));
    }
}
