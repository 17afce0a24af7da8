package org.pushserver.socket.login;

import com.corundumstudio.socketio.AuthTokenListener;
import com.corundumstudio.socketio.AuthTokenResult;
import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.handler.ClientHead;
import org.pushserver.history.MessageLog;
import org.pushserver.history.Recovery;
import org.pushserver.history.StoredMessage;
import org.pushserver.metrics.PushMetrics;
import org.pushserver.recovery.SavedSession;
import org.pushserver.recovery.SavedSessions;
import org.pushserver.socket.delivery.SocketRooms;
import org.pushserver.socket.engineio.EngineIo;
import org.pushserver.socket.session.Payload;
import org.pushserver.socket.session.SocketSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Connection-state recovery as socket.io 4.6 introduced it, for unchanged socket.io-client 4.6+. Each v4 socket gets
 * a private id ({@code pid}) in its CONNECT reply and every push's id as an extra last argument (its offset). When
 * its transport is lost, its session (the token it was verified into, nothing more) is saved for
 * {@code RECOVERY_WINDOW_MS}. A client that comes back with {@code {pid, offset}} in its CONNECT, through any node, gets
 * its room back without a new login and every message after its offset, once and in order; its CONNECT reply then
 * carries the same pid, which the client reports as {@code socket.recovered}. Otherwise (unknown, used or expired
 * pid, an offset history no longer covers) it connects as new, with a new pid, and logs in again.
 */
public final class ConnectionRecovery {
    private static final Logger log = LoggerFactory.getLogger(ConnectionRecovery.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_PID_LENGTH = 64;

    private final SavedSessions saved;
    private final MessageLog history;
    private final SocketRooms rooms;
    private final MissedMessages missed;
    private final PushMetrics metrics;
    private final int maxSocketsPerToken;
    private final int limit;
    private final Duration wait;

    /**
     * @param limit most messages one recovery delivers
     * @param wait  bound on looking up a session and its messages (the CONNECT waits for it)
     */
    public ConnectionRecovery(SavedSessions saved, MessageLog history, SocketRooms rooms, MissedMessages missed,
                              PushMetrics metrics, int maxSocketsPerToken, int limit, Duration wait) {
        this.saved = saved;
        this.history = history;
        this.rooms = rooms;
        this.missed = missed;
        this.metrics = metrics;
        this.maxSocketsPerToken = maxSocketsPerToken;
        this.limit = Math.max(1, limit);
        this.wait = wait;
    }

    /** A socket connected: a v4 one gets its pid and takes its pushes with their offsets. */
    void opened(SocketIOClient client) {
        SocketSession socket = SocketSession.of(client);
        if (socket == null || socket.pid() != null || !EngineIo.isV4(client)) {
            return;
        }
        assign(socket, newPid());
        socket.payload(Payload.WITH_OFFSET);
    }

    /** A socket is gone: unless its client closed it, its session waits for the client under its pid. */
    void closed(SocketIOClient client) {
        SocketSession socket = SocketSession.of(client);
        if (socket == null || socket.pid() == null || socket.token() == null || EngineIo.leftOnPurpose(client)) {
            return;
        }
        saved.save(socket.pid(), new SavedSession(socket.token(), socket.joinedAtMs(), socket.payload().hasId()));
        log.debug("saved session of socket={} token={} for recovery", socket.id(), socket.token());
    }

    /** The CONNECT's auth listener: restores the session its {@code pid} names, if it can. */
    AuthTokenListener listener() {
        return this::onConnect;
    }

    private AuthTokenResult onConnect(Object auth, SocketIOClient client) {
        if (!(auth instanceof Map<?, ?> map) || !(map.get("pid") instanceof String pid)) {
            return AuthTokenResult.AuthTokenResultSuccess;
        }
        SocketSession socket = SocketSession.of(client);
        if (socket == null) {
            return AuthTokenResult.AuthTokenResultSuccess;
        }
        Object offset = map.get("offset");
        String outcome = restore(socket, pid, offset instanceof String s ? s : null);
        metrics.recovery(outcome);
        log.debug("connection-state recovery socket={} outcome={}", socket.id(), outcome);
        return AuthTokenResult.AuthTokenResultSuccess; // not recovered: the client connects as new and logs in again
    }

    private String restore(SocketSession socket, String pid, String offset) {
        if (pid.isEmpty() || pid.length() > MAX_PID_LENGTH) {
            return Recovery.Outcome.INVALID.tag();
        }
        Optional<SavedSession> session = await(saved.take(pid), Optional.empty());
        if (session.isEmpty()) {
            return Recovery.Outcome.INVALID.tag(); // forged, used or expired
        }
        String token = session.get().token();
        Recovery recovery = await(history.since(token, offset, limit), Recovery.notRecoverable("history unavailable"));
        if (!recovery.recovered() || recovery.more()) {
            return recovery.recovered() ? Recovery.Outcome.NOT_RECOVERABLE.tag() : recovery.outcome().tag();
        }
        List<StoredMessage> messages = offset != null ? recovery.messages()
                : recovery.messages().stream().filter(m -> m.createdAt() >= session.get().joinedAtMs()).toList();
        synchronized (socket.login()) {
            socket.catchUp().begin();
            if (!rooms.join(socket, token, maxSocketsPerToken)) {
                socket.catchUp().finish(m -> { });
                return Recovery.Outcome.NOT_RECOVERABLE.tag();
            }
            socket.login().begin(); // a login still in flight must not move it elsewhere
            // marked before the CONNECT reply goes out, so that a login the client sends on "connect" (with a
            // lastMessageId older than these) does not send them a second time, whichever replay is written first
            messages.forEach(m -> socket.catchUp().replayed(m.id()));
        }
        assign(socket, pid); // the same pid: the client knows it is the same session
        socket.payload(session.get().ids() ? Payload.WITH_ID_AND_OFFSET : Payload.WITH_OFFSET);
        socket.replayAfterConnect(messages);
        return Recovery.Outcome.RECOVERED.tag();
    }

    /** After a CONNECT reply went out: a recovered socket gets what it missed, then its held live pushes. */
    public void replied(ClientHead head) {
        SocketSession socket = SocketSession.of(head);
        List<StoredMessage> messages = socket == null ? null : socket.takeReplay();
        if (messages != null) {
            missed.replay(socket, socket.token(), messages);
        }
    }

    private static void assign(SocketSession socket, String pid) {
        socket.pid(pid);
        EngineIo.pid(socket.client(), pid);
    }

    private <T> T await(java.util.concurrent.CompletableFuture<T> future, T otherwise) {
        try {
            return future.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return otherwise;
        } catch (Exception e) {
            log.warn("connection-state recovery lookup failed: {}", e.toString());
            return otherwise;
        }
    }

    private static String newPid() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
