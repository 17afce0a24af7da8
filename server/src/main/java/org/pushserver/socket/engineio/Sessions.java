package org.pushserver.socket.engineio;

import com.corundumstudio.socketio.SocketIOChannelInitializer;
import com.corundumstudio.socketio.Transport;
import com.corundumstudio.socketio.handler.ClientHead;
import com.corundumstudio.socketio.handler.ClientsBox;
import com.corundumstudio.socketio.protocol.Packet;
import com.corundumstudio.socketio.protocol.PacketType;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Field;
import java.util.List;
import java.util.UUID;

/**
 * The Engine.IO sessions netty-socketio holds, by id, and the one way to close one from the server's side. The
 * handlers that must answer a request by the state of its session (a second poll, a poll after the upgrade, a
 * second websocket) look it up here. netty-socketio keeps its sessions in a private {@link ClientsBox} of its channel
 * initializer: read once, by reflection, at start-up (a netty-socketio upgrade that renames it fails every test).
 * Also remembers, in the session's store, the websocket each session opened, so that a close reaches it even while
 * the session still polls.
 */
public final class Sessions {
    private static final Logger log = LoggerFactory.getLogger(Sessions.class);
    private static final String WEBSOCKET = "pushserver.claimed-websocket";
    private final ClientsBox box;

    private Sessions(ClientsBox box) {
        this.box = box;
    }

    /** The sessions of the server that {@code initializer} builds pipelines for. */
    public static Sessions of(SocketIOChannelInitializer initializer) {
        try {
            Field field = SocketIOChannelInitializer.class.getDeclaredField("clientsBox");
            field.setAccessible(true);
            return new Sessions((ClientsBox) field.get(initializer));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("netty-socketio's session registry moved: see Sessions", e);
        }
    }

    /** The open session with id {@code sid}, or null (unknown, closed, or not a session id at all). */
    public ClientHead get(String sid) {
        if (sid == null || sid.length() != 36) {
            return null;
        }
        try {
            return box.get(UUID.fromString(sid));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The session a request names with its {@code sid} parameter, or null. */
    ClientHead of(QueryStringDecoder uri) {
        List<String> sid = uri.parameters().get("sid");
        return sid == null || sid.isEmpty() ? null : get(sid.get(0));
    }

    /** Remembers {@code channel} as the websocket of {@code head} (in its store); false if another one is open. */
    boolean claimWebSocket(ClientHead head, Channel channel) {
        synchronized (head) {
            Channel other = head.getStore().get(WEBSOCKET);
            if (other != null && other != channel && other.isActive()) {
                return false;
            }
            head.getStore().set(WEBSOCKET, channel);
            return true;
        }
    }

    /**
     * Closes {@code head} as the spec says the server ends a session: a pending poll is answered with a CLOSE packet,
     * the websocket (also one still probing) is closed, and the session is forgotten, so its id is refused from now
     * on. Its sockets leave their namespace (disconnect listeners run). Closing a closed session changes nothing.
     */
    public void close(ClientHead head, String why) {
        if (box.get(head.getSessionId()) == head) {
            log.debug("closing session {}: {}", head.getSessionId(), why);
        }
        box.removeClient(head.getSessionId()); // first: a request that sees the CLOSE and comes back finds no session
        boolean polling = head.getCurrentTransport() == Transport.POLLING && head.isConnected();
        head.onChannelDisconnect(); // its sockets' disconnect listeners run (PendingPolls may queue the CLOSE)
        if (polling && head.getPacketsQueue(Transport.POLLING).stream().noneMatch(p -> p.getType() == PacketType.CLOSE)) {
            head.send(new Packet(PacketType.CLOSE, head.getEngineIOVersion()), Transport.POLLING);
        }
        Channel webSocket = head.getStore().get(WEBSOCKET);
        if (webSocket != null) {
            webSocket.close();
        }
    }
}
