package org.pushserver.socket.login;

import org.pushserver.delivery.PushMessage;
import org.pushserver.history.MessageId;
import org.pushserver.history.MessageLog;
import org.pushserver.history.Recovery;
import org.pushserver.history.StoredMessage;
import org.pushserver.metrics.PushMetrics;
import org.pushserver.socket.delivery.SocketRooms;
import org.pushserver.socket.session.SocketSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * What a socket gets right after its login is accepted, before any newer push: the messages after its
 * {@code lastMessageId} (all of them, or none and {@code recovered: false}), and the token's offline inbox. Live
 * pushes meanwhile wait in the socket's {@link org.pushserver.socket.session.CatchUp}, so each message arrives once,
 * in order. The ack goes first, so an app that must reload knows before the messages come.
 */
public final class MissedMessages {
    private static final Logger log = LoggerFactory.getLogger(MissedMessages.class);
    private static final Comparator<StoredMessage> BY_ID = Comparator.comparingLong(m ->
            MessageId.parse(m.id()).map(MessageId::seq).orElse(Long.MAX_VALUE));

    private final MessageLog history;
    private final SocketRooms rooms;
    private final PushMetrics metrics;
    private final int limit;

    /** {@code limit}: most messages one recovery delivers (the history's per-token size). */
    public MissedMessages(MessageLog history, SocketRooms rooms, PushMetrics metrics, int limit) {
        this.history = history;
        this.rooms = rooms;
        this.metrics = metrics;
        this.limit = Math.max(1, limit);
    }

    /**
     * Starts the catch-up of {@code socket}, just logged in as {@code token}; {@code reply} hears of the login once
     * what it missed is known. Call under the socket's login lock, after it joined the room.
     */
    void start(SocketSession socket, String token, ResumeRequest resume, LoginReply reply) {
        if (resume.optedIn() || resume.acks()) {
            socket.payload(socket.payload().withId());
        }
        socket.catchUp().begin();
        CompletableFuture<Recovery> recovery = recovery(token, resume);
        // A socket that acks leaves the inbox in place: each ack takes its message out, the rest wait for a next login.
        CompletableFuture<List<StoredMessage>> inbox = (socket.acks().on() ? history.inbox(token) : history.takeInbox(token))
                .exceptionally(e -> List.of());
        recovery.thenCombine(inbox, (r, waiting) -> {
            finish(socket, token, resume, r, waiting, reply);
            return null;
        }).exceptionally(e -> {
            log.warn("catch-up of socket={} token={} failed: {}", socket.id(), token, e.toString());
            socket.catchUp().finish(m -> rooms.sendMissed(socket, List.of(m)));
            return null;
        });
    }

    private CompletableFuture<Recovery> recovery(String token, ResumeRequest resume) {
        if (!resume.optedIn()) {
            return CompletableFuture.completedFuture(null);
        }
        if (resume.problem() != null) {
            return CompletableFuture.completedFuture(Recovery.invalid(resume.problem())); // names the field already
        }
        if (resume.lastMessageId() == null) {
            return CompletableFuture.completedFuture(Recovery.notRecoverable("no lastMessageId: nothing to recover"));
        }
        return history.since(token, resume.lastMessageId(), limit)
                .exceptionally(e -> Recovery.notRecoverable("history unavailable"))
                .thenApply(r -> r.recovered() ? r : new Recovery(r.outcome(), r.messages(), r.more(), "lastMessageId: " + r.reason()));
    }

    private void finish(SocketSession socket, String token, ResumeRequest resume, Recovery recovery,
                        List<StoredMessage> inbox, LoginReply reply) {
        // what this socket already got from an earlier replay (a recovered session that logs in again) is not resent
        List<StoredMessage> missed = merge(recovery, inbox).stream().filter(m -> !socket.catchUp().covers(m.id())).toList();
        if (resume.optedIn()) {
            if (resume.lastMessageId() != null || resume.problem() != null) {
                metrics.recovery(recovery.outcome().tag());
            }
            reply.accepted(token, new Resumed(recovery.recovered(), missed.size(), recovery.reason()));
        } else {
            reply.accepted(token);
        }
        replay(socket, token, missed);
        if (!inbox.isEmpty()) {
            metrics.inboxDelivered(inbox.size());
        }
        log.debug("catch-up socket={} token={} missed={} recovery={}", socket.id(), token, missed.size(),
                recovery == null ? "-" : recovery.outcome().tag());
    }

    /**
     * Writes {@code missed} to {@code socket}, records them delivered to {@code token} (a socket that acks: as each ack
     * comes), then ends its catch-up: the live pushes held meanwhile follow. Closes a socket that fell too far behind.
     */
    void replay(SocketSession socket, String token, List<StoredMessage> missed) {
        List<PushMessage> messages = new ArrayList<>(missed.size());
        for (StoredMessage m : missed) {
            socket.catchUp().replayed(m.id());
            messages.add(m.message());
        }
        if (rooms.sendMissed(socket, messages) > 0 && !socket.acks().on()) {
            for (StoredMessage m : missed) {
                history.delivered(m.id(), token);
            }
        }
        if (!socket.catchUp().finish(m -> rooms.sendMissed(socket, List.of(m)))) {
            log.info("socket={} token={} fell too far behind while catching up: closing it", socket.id(), token);
            socket.client().disconnect();
        }
    }

    /** The recovered messages and the inbox, each message once, oldest first. */
    private static List<StoredMessage> merge(Recovery recovery, List<StoredMessage> inbox) {
        List<StoredMessage> recovered = recovery != null && recovery.recovered() ? recovery.messages() : List.of();
        if (inbox.isEmpty()) {
            return recovered;
        }
        List<StoredMessage> all = new ArrayList<>(recovered);
        Set<String> ids = new HashSet<>();
        recovered.forEach(m -> ids.add(m.id()));
        for (StoredMessage m : inbox) {
            if (ids.add(m.id())) {
                all.add(m);
            }
        }
        all.sort(BY_ID);
        return all;
    }
}
