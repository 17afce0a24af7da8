package org.pushserver.socket.delivery;

import com.corundumstudio.socketio.SocketIOClient;
import io.netty.channel.ChannelHandlerContext;
import org.pushserver.delivery.LocalSockets;
import org.pushserver.delivery.PresenceListener;
import org.pushserver.delivery.PushMessage;
import org.pushserver.metrics.PushMetrics;
import org.pushserver.socket.engineio.EngineIo;
import org.pushserver.socket.session.ClientAcks;
import org.pushserver.socket.session.Payload;
import org.pushserver.socket.session.SocketSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * The logged-in sockets of this node by token (socket.io's adapter): a socket belongs to at most one token, a token
 * has any number of sockets. Joining and leaving tell the {@link PresenceListener} in the same call, so membership and
 * cluster presence never drift apart. Writes go straight to the sockets with packets encoded once per push, except to
 * sockets that ack: each of those gets a packet of its own with an ack id, through netty-socketio.
 */
public final class SocketRooms implements LocalSockets {
    private static final Logger log = LoggerFactory.getLogger(SocketRooms.class);

    /**
     * Each room is an immutable array, replaced whole on join and leave: most tokens have one or two sockets, so this
     * costs a few bytes per socket instead of a concurrent set per token, and a push iterates plain arrays.
     */
    private final ConcurrentHashMap<String, SocketSession[]> byToken = new ConcurrentHashMap<>();
    private final AtomicInteger loggedIn = new AtomicInteger();
    private final PresenceListener presence;
    private final int maxQueuedPackets;
    private final PushMetrics metrics;
    private final BiConsumer<String, String> acked;

    /**
     * @param maxQueuedPackets most packets queued for a polling socket, and most messages waiting for one socket's ack
     * @param acked            hears (message id, token) when a socket that acks acked a push it got for that token
     */
    public SocketRooms(int maxQueuedPackets, PresenceListener presence, PushMetrics metrics, BiConsumer<String, String> acked) {
        this.maxQueuedPackets = maxQueuedPackets;
        this.presence = presence;
        this.metrics = metrics;
        this.acked = acked;
    }

    /**
     * Puts {@code socket} in {@code token}'s room, leaving its previous one, unless that room already holds
     * {@code limit} sockets ({@code limit} 0 = no limit): then nothing changes and this returns false. The count is
     * checked and grown in one step, so sockets of one token logging in at once cannot pass the limit together.
     * Calls for one socket must not overlap (its login lock orders them).
     */
    public boolean join(SocketSession socket, String token, int limit) {
        if (token.equals(socket.token())) {
            return true;
        }
        boolean[] full = {false};
        byToken.compute(token, (t, room) -> {
            if (room == null) {
                return new SocketSession[] {socket};
            }
            if (limit > 0 && room.length >= limit) {
                full[0] = true;
                return room;
            }
            SocketSession[] grown = Arrays.copyOf(room, room.length + 1);
            grown[room.length] = socket;
            return grown;
        });
        if (full[0]) {
            return false;
        }
        String previous = socket.token();
        socket.token(token);
        if (previous != null) {
            removeFromRoom(previous, socket);
            presence.left(previous);
        } else {
            loggedIn.incrementAndGet();
        }
        presence.joined(token);
        return true;
    }

    /** Takes {@code socket} out of its room; returns the token it left, or null when it was not logged in. */
    public String leave(SocketSession socket) {
        String token = socket.token();
        if (token == null) {
            return null;
        }
        socket.token(null);
        loggedIn.decrementAndGet();
        removeFromRoom(token, socket);
        presence.left(token);
        return token;
    }

    private void removeFromRoom(String token, SocketSession socket) {
        byToken.computeIfPresent(token, (t, room) -> {
            int at = Arrays.asList(room).indexOf(socket);
            if (at < 0) {
                return room;
            }
            if (room.length == 1) {
                return null;
            }
            SocketSession[] shrunk = new SocketSession[room.length - 1];
            System.arraycopy(room, 0, shrunk, 0, at);
            System.arraycopy(room, at + 1, shrunk, at, room.length - at - 1);
            return shrunk;
        });
    }

    @Override
    public int send(Collection<String> tokens, PushMessage message, Online online) {
        Fanout fanout = new Fanout(message);
        int reached = 0;
        for (String token : tokens) {
            SocketSession[] room = byToken.get(token);
            if (room == null) {
                continue;
            }
            int before = reached;
            boolean written = false; // to a socket without acks: delivered now
            for (SocketSession socket : room) {
                int n = write(socket, token, fanout);
                reached += n;
                written |= n > 0 && !socket.acks().on();
            }
            if (reached > before) {
                online.reached(token, !written);
            }
        }
        fanout.writeAll();
        return reached;
    }

    @Override
    public int sendToAll(PushMessage message) {
        Fanout fanout = new Fanout(message);
        int reached = 0;
        for (SocketSession[] room : byToken.values()) {
            for (SocketSession socket : room) {
                reached += write(socket, null, fanout); // a broadcast has no per-token fate for an ack to record
            }
        }
        fanout.writeAll();
        return reached;
    }

    /**
     * Writes {@code messages} to {@code socket} alone, in order, now: what it missed. Returns how many were written
     * (none when the socket is gone).
     */
    public int sendMissed(SocketSession socket, List<PushMessage> messages) {
        int written = 0;
        String token = socket.token();
        for (PushMessage message : messages) {
            Fanout fanout = new Fanout(message);
            written += deliver(socket, token, fanout);
            fanout.writeAll();
        }
        return written;
    }

    /** One live delivery: held or skipped while the socket catches up on what it missed, else written. */
    private int write(SocketSession socket, String token, Fanout fanout) {
        if (socket.catchUp().intercept(fanout.message())) {
            return 1; // held: written right after the replay (or already replayed)
        }
        return deliver(socket, token, fanout);
    }

    /**
     * Queues one delivery: websocket sockets join the fan-out, polling ones and those that ack go through
     * netty-socketio. {@code token}: what an ack of it is recorded for (null: nothing).
     */
    private int deliver(SocketSession socket, String token, Fanout fanout) {
        boolean acks = socket.acks().on() && fanout.message().id() != null;
        ChannelHandlerContext channel = acks ? null : socket.webSocket();
        if (channel != null) {
            fanout.addWebSocket(socket.payload(), channel);
            return 1;
        }
        if (!socket.reachable()) {
            return 0;
        }
        // A polling client that stopped polling would queue without bound; websocket backlog is bounded by SlowReaderGuard.
        if (socket.polling() && socket.pollBacklog() >= maxQueuedPackets) {
            dropping(socket, "slow polling socket").disconnect();
            return 0;
        }
        if (!acks) {
            socket.send(fanout.packets(socket.payload()).forVersion(socket.version()));
            return 1;
        }
        String id = fanout.message().id();
        Runnable onAck = token == null ? () -> { } : () -> acked.accept(id, token);
        // Always with the id, so that the client can tell a redelivery from a new message.
        ClientAcks.Sent sent = socket.sendAcked(fanout.packets(Payload.WITH_ID).withAck(socket.version()), id,
                maxQueuedPackets, onAck);
        if (sent != ClientAcks.Sent.FULL) {
            return 1;
        }
        // Closed at the transport, not only asked to leave: its client reconnects, and its next login gets again
        // what it left unacked (the inbox keeps what has a ttl).
        EngineIo.close(dropping(socket, "socket with " + maxQueuedPackets + " unacked messages"));
        return 0;
    }

    /** Logs and counts a socket about to be disconnected for what it left waiting; returns its client. */
    private SocketIOClient dropping(SocketSession socket, String why) {
        log.info("disconnecting {} {} of token {}", why, socket.id(), socket.token());
        metrics.slowClientDropped();
        return socket.client();
    }

    @Override
    public int count(String token) {
        SocketSession[] room = byToken.get(token);
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
        return loggedIn.get();
    }
}
