package org.pushserver.socket;

import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.Transport;
import com.corundumstudio.socketio.handler.ClientHead;
import com.corundumstudio.socketio.transport.NamespaceClient;
import io.netty.channel.ChannelHandlerContext;
import org.pushserver.delivery.LocalSockets;
import org.pushserver.delivery.PushMessage;
import org.pushserver.metrics.PushMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.Collection;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The logged-in sockets of this node by token. A socket belongs to at most one token; a token has any number of
 * sockets. Writes go straight to netty-socketio's clients with packets encoded once per push.
 */
public final class SocketRooms implements LocalSockets {
    private static final Logger log = LoggerFactory.getLogger(SocketRooms.class);

    /**
     * Each room is an immutable array, replaced whole on join and leave: most tokens have one or two sockets, so this
     * costs a few bytes per socket instead of a concurrent set per token, and a push iterates plain arrays.
     */
    private final ConcurrentHashMap<String, SocketIOClient[]> byToken = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<UUID, String> tokenBySocket = new ConcurrentHashMap<>();
    private final WebSocketChannels webSockets = new WebSocketChannels();
    private final UpgradeRace upgradeRace = new UpgradeRace(webSockets);
    private final int maxQueuedPackets;
    private final PushMetrics metrics;

    public SocketRooms(int maxQueuedPackets, PushMetrics metrics) {
        this.maxQueuedPackets = maxQueuedPackets;
        this.metrics = metrics;
    }

    /** Call after sending anything else (an ack) to {@code client} through netty-socketio: see {@link UpgradeRace}. */
    void sent(SocketIOClient client) {
        upgradeRace.afterSend(client);
    }

    /** The pipeline handler that tells these rooms which channel each websocket session uses. */
    WebSocketChannels webSockets() {
        return webSockets;
    }

    /** The outcome of {@link #join}: whether the socket is in the room now, and the token it left (or null). */
    public record Join(boolean joined, String left) {
    }

    /**
     * Puts {@code client} in {@code token}'s room, leaving its previous one, unless that room already holds
     * {@code limit} sockets ({@code limit} 0 = no limit): then nothing changes. The count is checked and grown in one
     * step, so sockets of one token logging in at once cannot pass the limit together. Calls for one socket must not
     * overlap (its login lock orders them).
     */
    public Join join(SocketIOClient client, String token, int limit) {
        if (token.equals(tokenBySocket.get(client.getSessionId()))) {
            return new Join(true, null);
        }
        boolean[] full = {false};
        byToken.compute(token, (t, room) -> {
            if (room == null) {
                return new SocketIOClient[] {client};
            }
            if (limit > 0 && room.length >= limit) {
                full[0] = true;
                return room;
            }
            SocketIOClient[] grown = Arrays.copyOf(room, room.length + 1);
            grown[room.length] = client;
            return grown;
        });
        if (full[0]) {
            return new Join(false, null);
        }
        String previous = tokenBySocket.put(client.getSessionId(), token);
        if (previous != null) {
            removeFromRoom(previous, client);
        }
        return new Join(true, previous);
    }

    /** The token {@code client} is logged in as, or null. */
    public String tokenOf(SocketIOClient client) {
        return tokenBySocket.get(client.getSessionId());
    }

    /** Takes {@code client} out of its room; returns the token it left, or null when it was not logged in. */
    public String leave(SocketIOClient client) {
        String token = tokenBySocket.remove(client.getSessionId());
        if (token != null) {
            removeFromRoom(token, client);
        }
        return token;
    }

    private void removeFromRoom(String token, SocketIOClient client) {
        byToken.computeIfPresent(token, (t, room) -> {
            int at = Arrays.asList(room).indexOf(client);
            if (at < 0) {
                return room;
            }
            if (room.length == 1) {
                return null;
            }
            SocketIOClient[] shrunk = new SocketIOClient[room.length - 1];
            System.arraycopy(room, 0, shrunk, 0, at);
            System.arraycopy(room, at + 1, shrunk, at, room.length - at - 1);
            return shrunk;
        });
    }

    @Override
    public int send(Collection<String> tokens, PushMessage message, Consumer<String> online) {
        PushPackets packets = new PushPackets(message);
        FrameWriter frames = new FrameWriter();
        int reached = 0;
        for (String token : tokens) {
            SocketIOClient[] room = byToken.get(token);
            if (room == null) {
                continue;
            }
            int before = reached;
            for (SocketIOClient client : room) {
                reached += write(client, packets, frames);
            }
            if (reached > before) {
                online.accept(token);
            }
        }
        frames.writeAll(packets);
        return reached;
    }

    @Override
    public int sendToAll(PushMessage message) {
        PushPackets packets = new PushPackets(message);
        FrameWriter frames = new FrameWriter();
        int reached = 0;
        for (SocketIOClient[] room : byToken.values()) {
            for (SocketIOClient client : room) {
                reached += write(client, packets, frames);
            }
        }
        frames.writeAll(packets);
        return reached;
    }

    /** Queues one delivery: websocket sockets join {@code frames}, polling ones go through netty-socketio. */
    private int write(SocketIOClient client, PushPackets packets, FrameWriter frames) {
        if (!(client instanceof NamespaceClient nsClient)) {
            return 0;
        }
        ClientHead head = nsClient.getBaseClient();
        if (head.getCurrentTransport() == Transport.WEBSOCKET) {
            ChannelHandlerContext channel = webSockets.of(client.getSessionId());
            if (channel != null) {
                frames.add(channel);
                return 1;
            }
        }
        if (!reachable(head)) {
            return 0;
        }
        // A polling client that stopped polling would queue without bound; websocket backlog is bounded by SlowReaderGuard.
        if (head.getCurrentTransport() == Transport.POLLING && head.getPacketsQueue(Transport.POLLING).size() >= maxQueuedPackets) {
            log.info("disconnecting slow polling socket {} of token {}", client.getSessionId(), tokenBySocket.get(client.getSessionId()));
            metrics.slowClientDropped();
            client.disconnect();
            return 0;
        }
        client.send(packets.forVersion(head.getEngineIOVersion()));
        upgradeRace.afterSend(client);
        return 1;
    }

    /**
     * Whether a packet sent now will reach the client. A polling client has no open channel between two polls
     * (netty-socketio closes the connection after each answer), yet its session lives and the packet is queued
     * for its next poll: so polling only needs a live session (one that stops polling is disconnected by the ping
     * timeout), while a websocket needs its channel. Checking the channel for both dropped pushes sent while a
     * polling client was between two polls, and reported its token offline.
     */
    private static boolean reachable(ClientHead head) {
        if (head.getCurrentTransport() == Transport.POLLING) {
            return head.isConnected();
        }
        return head.isChannelOpen();
    }

    @Override
    public int count(String token) {
        SocketIOClient[] room = byToken.get(token);
        return room == null ? 0 : room.length;
    }

    @Override
    public Set<String> tokens() {
        return Set.copyOf(byToken.keySet());
    }

    /** Number of tokens with a socket here, without copying. */
    public int tokenCount() {
        return byToken.size();
    }

    @Override
    public int loggedInSockets() {
        return tokenBySocket.size();
    }
}
