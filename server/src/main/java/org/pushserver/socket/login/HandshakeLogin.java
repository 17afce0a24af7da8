package org.pushserver.socket.login;

import com.corundumstudio.socketio.AuthorizationListener;
import com.corundumstudio.socketio.AuthorizationResult;
import com.corundumstudio.socketio.HandshakeData;
import com.corundumstudio.socketio.SocketIOClient;
import org.pushserver.auth.LoginRefusal;
import org.pushserver.auth.LoginVerdict;
import org.pushserver.delivery.Token;
import org.pushserver.metrics.PushMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A {@code token} query parameter on the Engine.IO handshake (how 2.x clients, which have no CONNECT auth payload,
 * send a credential; accepted from any client line). Verified here, before the session exists: a refusal already
 * known refuses the handshake (HTTP 401, the client's {@code connect_error}); otherwise the verdict, complete or not,
 * is stored in the new session and applied by {@link LoginListener} once the socket connects.
 */
final class HandshakeLogin implements AuthorizationListener {
    private static final Logger log = LoggerFactory.getLogger(HandshakeLogin.class);
    private static final String VERDICT = "pushserver.handshake.login";

    private final LoginFlow flow;
    private final PushMetrics metrics;

    HandshakeLogin(LoginFlow flow, PushMetrics metrics) {
        this.flow = flow;
        this.metrics = metrics;
    }

    @Override
    public AuthorizationResult getAuthorizationResult(HandshakeData data) {
        String sent = data.getSingleUrlParam("token");
        String token = sent == null ? "" : Token.trim(sent);
        if (token.isEmpty()) {
            return AuthorizationResult.SUCCESSFUL_AUTHORIZATION;
        }
        CompletableFuture<LoginVerdict> verdict = flow.verify(token);
        LoginVerdict known = verdict.isDone() ? verdict.exceptionally(e -> LoginRefusal.CHECK_FAILED.verdict()).join() : null;
        if (known != null && !known.isAccepted()) {
            String tag = LoginRefusal.of(known.reason()).tag();
            metrics.loginRefused(tag);
            log.info("refused handshake from {}: token {}", data.getAddress(), tag);
            return AuthorizationResult.FAILED_AUTHORIZATION;
        }
        return new AuthorizationResult(true, Map.of(VERDICT, verdict));
    }

    /** The handshake verdict stored in {@code client}'s session, taken out of it; null when there was no token. */
    static CompletableFuture<LoginVerdict> take(SocketIOClient client) {
        CompletableFuture<LoginVerdict> verdict = client.get(VERDICT);
        if (verdict != null) {
            client.del(VERDICT);
        }
        return verdict;
    }
}
