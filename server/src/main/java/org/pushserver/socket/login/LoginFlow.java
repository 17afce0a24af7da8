package org.pushserver.socket.login;

import org.pushserver.socket.delivery.SocketRooms;
import org.pushserver.socket.session.SocketLogin;
import org.pushserver.socket.session.SocketSession;

import com.corundumstudio.socketio.SocketIOClient;
import org.pushserver.auth.LoginRefusal;
import org.pushserver.auth.LoginVerdict;
import org.pushserver.auth.LoginVerifier;
import org.pushserver.metrics.PushMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Every login attempt of every socket, whatever carried the credential: the per-socket limits, the verification
 * (complete at once, or later on another thread), then, under the socket's lock, the verdict is applied only if its
 * attempt is still the latest and the socket still open. A socket joins a room only here, after its verdict.
 */
public final class LoginFlow {
    private static final Logger log = LoggerFactory.getLogger(LoginFlow.class);

    private final LoginVerifier verifier;
    private final SocketRooms rooms;
    private final MissedMessages missed;
    private final PushMetrics metrics;
    private final int maxFailures;
    private final int loginsPerMinute;
    private final int maxSocketsPerToken;

    /** {@code maxSocketsPerToken} 0 = no limit. */
    public LoginFlow(LoginVerifier verifier, int maxFailures, int loginsPerMinute, int maxSocketsPerToken,
                     SocketRooms rooms, MissedMessages missed, PushMetrics metrics) {
        this.verifier = verifier;
        this.maxFailures = maxFailures;
        this.loginsPerMinute = loginsPerMinute;
        this.maxSocketsPerToken = maxSocketsPerToken;
        this.rooms = rooms;
        this.missed = missed;
        this.metrics = metrics;
    }

    /** A socket connected: it may now attempt logins. */
    void opened(SocketIOClient client) {
        SocketSession.open(client, loginsPerMinute);
    }

    /** A socket is gone: verdicts still on their way will find it closed; returns the token it left, or null. */
    String closed(SocketIOClient client) {
        SocketSession socket = SocketSession.of(client);
        if (socket == null) {
            return null;
        }
        synchronized (socket.login()) {
            socket.login().close();
            return rooms.leave(socket);
        }
    }

    /** {@code user_logout}: leaves the room, and a login still being verified will not join it; returns the token left. */
    String logout(SocketIOClient client) {
        SocketSession socket = SocketSession.of(client);
        if (socket == null) {
            return null;
        }
        synchronized (socket.login()) {
            socket.login().begin(); // supersedes any attempt in flight
            return rooms.leave(socket);
        }
    }

    /** An attempt with {@code credential} (null: none usable was sent), answered through {@code reply}. */
    void attempt(SocketIOClient client, String credential, LoginReply reply) {
        attempt(client, credential, ResumeRequest.NONE, reply);
    }

    /** A {@code user_login} attempt, which may also ask for what the socket missed ({@code resume}). */
    void attempt(SocketIOClient client, String credential, ResumeRequest resume, LoginReply reply) {
        start(client, resume, reply, () -> credential == null
                ? CompletableFuture.completedFuture(LoginRefusal.BAD_TOKEN_ID.verdict())
                : verify(credential));
    }

    /** An attempt whose verification already started (the handshake's {@code token}, checked before the socket existed). */
    void attempt(SocketIOClient client, CompletableFuture<LoginVerdict> verdict, LoginReply reply) {
        start(client, ResumeRequest.NONE, reply, () -> verdict);
    }

    private void start(SocketIOClient client, ResumeRequest resume, LoginReply reply,
                       Supplier<CompletableFuture<LoginVerdict>> verification) {
        SocketSession socket = SocketSession.of(client);
        if (socket == null) {
            return; // not connected (or gone): nobody to answer
        }
        SocketLogin state = socket.login();
        long attempt;
        boolean allowed;
        synchronized (state) {
            attempt = state.begin();
            allowed = state.allowAttempt(System.nanoTime());
        }
        CompletableFuture<LoginVerdict> verdict = allowed
                ? verification.get()
                : CompletableFuture.completedFuture(LoginRefusal.TOO_MANY_LOGINS.verdict());
        // Runs here and now when the verdict is complete (JWT); otherwise on the thread that completes it.
        verdict.whenComplete((v, error) -> apply(socket, attempt, resume,
                v != null ? v : LoginRefusal.CHECK_FAILED.verdict(), reply));
    }

    /** The verifier's verdict for {@code credential}; a verifier that throws or returns null refuses it. */
    CompletableFuture<LoginVerdict> verify(String credential) {
        try {
            CompletableFuture<LoginVerdict> verdict = verifier.verify(credential);
            return verdict != null ? verdict : CompletableFuture.completedFuture(LoginRefusal.CHECK_FAILED.verdict());
        } catch (RuntimeException e) {
            log.warn("login verifier failed: {}", e.toString());
            return CompletableFuture.completedFuture(LoginRefusal.CHECK_FAILED.verdict());
        }
    }

    private void apply(SocketSession socket, long attempt, ResumeRequest resume, LoginVerdict verdict, LoginReply reply) {
        SocketLogin state = socket.login();
        synchronized (state) {
            if (state.closed()) {
                log.debug("login verdict for closed socket={} ignored", socket.id());
            } else if (!state.isLatest(attempt)) {
                log.debug("login verdict for socket={} superseded by a later attempt", socket.id());
                reply.superseded();
            } else if (!verdict.isAccepted()) {
                refuse(socket, verdict.reason(), reply);
            } else {
                join(socket, verdict.room(), resume, reply);
            }
        }
    }

    private void join(SocketSession socket, String room, ResumeRequest resume, LoginReply reply) {
        boolean repeated = room.equals(socket.token());
        socket.acks().on(resume.acks()); // before it joins: no push may reach it in the room without its ack id
        if (!rooms.join(socket, room, maxSocketsPerToken)) {
            refuse(socket, LoginRefusal.TOO_MANY_SOCKETS.reason(), reply);
            return;
        }
        metrics.login(true);
        log.debug("login socket={} token={}", socket.id(), room);
        if (repeated && !resume.optedIn()) {
            reply.accepted(room); // some clients send their login twice: nothing new to catch up on
        } else {
            missed.start(socket, room, resume, reply);
        }
    }

    private void refuse(SocketSession socket, String reason, LoginReply reply) {
        int failures = socket.login().refused();
        LoginRefusal refusal = LoginRefusal.of(reason);
        metrics.loginRefused(refusal.tag());
        log.info("refused login socket={} reason={} refusals={}", socket.id(), refusal.tag(), failures);
        reply.refused(reason);
        if (failures >= maxFailures) {
            metrics.loginFailuresDisconnect();
            log.info("disconnecting socket={} after {} refused logins", socket.id(), failures);
            reply.disconnect();
        }
    }
}
