package org.pushserver.socket.engineio;

import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.Transport;
import com.corundumstudio.socketio.handler.ClientHead;
import com.corundumstudio.socketio.protocol.EngineIOVersion;
import com.corundumstudio.socketio.protocol.Packet;
import com.corundumstudio.socketio.protocol.PacketType;
import com.corundumstudio.socketio.transport.NamespaceClient;

/**
 * The one facade over netty-socketio's internals that its public {@link SocketIOClient} hides: the Engine.IO session
 * ({@link ClientHead}) behind a socket, its protocol version and transport. Everything else goes through here
 * instead of casting, so a netty-socketio upgrade that moves these classes breaks one file.
 */
public final class EngineIo {
    private static final String PID = "pushserver.pid";
    private static final String LEAVING = "pushserver.leaving";

    private EngineIo() {
    }

    /**
     * Sets the private session id ({@code pid}) the CONNECT reply gives a socket.io-client 4.6+ for connection-state
     * recovery; kept in the session's store, where {@link OutgoingPackets} finds it.
     */
    public static void pid(SocketIOClient client, String pid) {
        ClientHead head = head(client);
        if (head != null) {
            head.getStore().set(PID, pid);
        }
    }

    /** Records that the client closed its session itself (a CLOSE or a DISCONNECT packet), not its transport. */
    static void leaving(ClientHead head) {
        head.getStore().set(LEAVING, Boolean.TRUE);
    }

    /** Whether the client closed {@code client}'s session itself: then there is nothing to recover. */
    public static boolean leftOnPurpose(SocketIOClient client) {
        ClientHead head = head(client);
        return head != null && head.getStore().has(LEAVING);
    }

    /** The {@code pid} set for this session, or null. */
    static String pid(ClientHead head) {
        return head.getStore().get(PID);
    }

    /** The Engine.IO session of {@code client}, or null for a client that is not netty-socketio's own. */
    public static ClientHead head(SocketIOClient client) {
        return client instanceof NamespaceClient socket ? socket.getBaseClient() : null;
    }

    /** Engine.IO v4 (socket.io-client 3.x/4.x, Java 2.x) rather than v3 (2.x, Java 1.x). */
    public static boolean isV4(SocketIOClient client) {
        ClientHead head = head(client);
        return head != null && head.getEngineIOVersion() == EngineIOVersion.V4;
    }

    /**
     * Closes the session from the server's side: netty-socketio's namespace {@code disconnect()} only asks the client
     * to leave, and a client that ignores it would stay.
     */
    public static void close(SocketIOClient client) {
        ClientHead head = head(client);
        if (head != null) {
            head.disconnect();
        } else {
            client.disconnect();
        }
    }

    /** Whether {@code client} has joined its namespace after its session closed (see {@link LateConnects}). */
    static boolean joinedClosedSession(SocketIOClient client) {
        ClientHead head = head(client);
        return head != null && !head.isConnected();
    }

    /** Leaves the namespace of a socket that should not be there; its disconnect listeners run. */
    static void leaveNamespace(SocketIOClient client) {
        if (client instanceof NamespaceClient socket) {
            socket.onDisconnect();
        }
    }

    /**
     * Queues one NOOP for the session's pending or next poll, when the session is still on polling and none is queued
     * yet: netty-socketio queues one for the upgrade probe, and a second made the poll's answer {@code 6\u001e6}.
     */
    static void queueNoopForPoll(SocketIOClient client) {
        ClientHead head = head(client);
        if (head != null && head.getPacketsQueue(Transport.POLLING).stream().noneMatch(p -> p.getType() == PacketType.NOOP)) {
            queueForPoll(client, PacketType.NOOP);
        }
    }

    /** Queues {@code type} for the session's pending or next poll, when the session is still on polling. */
    static void queueForPoll(SocketIOClient client, PacketType type) {
        ClientHead head = head(client);
        if (head != null && head.getCurrentTransport() == Transport.POLLING) {
            head.send(new Packet(type, head.getEngineIOVersion()), Transport.POLLING);
        }
    }
}
