package org.pushserver.socket.engineio;

import com.corundumstudio.socketio.handler.ClientHead;
import com.corundumstudio.socketio.messages.PacketsMessage;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClosedSessionsTest {
    private static final TestSessions SESSIONS = new TestSessions();

    @AfterAll
    static void close() {
        SESSIONS.close();
    }

    @Test
    void aSocketThatJoinedASessionClosedByItsOwnPacketsLeavesTheNamespace() {
        ClientHead session = SESSIONS.session("4");
        session.onChannelDisconnect(); // a CLOSE in the payload
        session.addNamespaceClient(SESSIONS.namespace()); // then a CONNECT in the same payload
        EmbeddedChannel channel = new EmbeddedChannel(new ClosedSessions());
        PacketsMessage payload = TestSessions.payload(session, "1\u001e40");

        channel.writeInbound(payload);

        assertSame(payload, channel.readInbound(), "the packets reach netty-socketio's handler first");
        assertNull(session.getChildClient(SESSIONS.namespace()));
        assertFalse(SESSIONS.namespace().getAllClients().stream().anyMatch(c -> c.getSessionId().equals(session.getSessionId())));
        payload.getContent().release();
    }

    @Test
    void anOpenSessionKeepsItsSocket() {
        ClientHead session = SESSIONS.session("4");
        session.addNamespaceClient(SESSIONS.namespace());
        EmbeddedChannel channel = new EmbeddedChannel(new ClosedSessions());
        PacketsMessage payload = TestSessions.payload(session, "42[\"user_login\",\"t\"]");

        channel.writeInbound(payload);

        assertTrue(session.isConnected());
        assertNotNull(session.getChildClient(SESSIONS.namespace()));
        assertEquals(1, SESSIONS.namespace().getAllClients().stream()
                .filter(c -> c.getSessionId().equals(session.getSessionId())).count());
        payload.getContent().release();
    }
}
