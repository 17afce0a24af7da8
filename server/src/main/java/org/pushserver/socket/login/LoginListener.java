package org.pushserver.socket.login;

import org.pushserver.socket.session.SocketSession;

import org.pushserver.socket.Events;
import org.pushserver.socket.SocketServerFactory;

import com.corundumstudio.socketio.AckRequest;
import com.corundumstudio.socketio.AuthTokenListener;
import com.corundumstudio.socketio.AuthorizationListener;
import com.corundumstudio.socketio.AuthorizationResult;
import com.corundumstudio.socketio.AuthTokenResult;
import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.SocketIOServer;
import com.corundumstudio.socketio.namespace.Namespace;
import org.pushserver.auth.LoginVerdict;
import org.pushserver.metrics.PushMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;

/**
 * netty-socketio's side of logging in: {@code user_login}, {@code user_logout}, connect and disconnect, and, when
 * logins are verified, the credentials that come with the connection (a v3/v4 CONNECT's {@code auth} payload, the
 * handshake's {@code token}). Each becomes an attempt of {@link LoginFlow} with the reply that suits it.
 *
 * <p>netty-socketio fires the connect listener of a v4 client before its CONNECT packet (and auth payload) is read,
 * so nothing joins a room on connect unless the handshake already carried a verified token.
 */
public final class LoginListener {
    private static final Logger log = LoggerFactory.getLogger(LoginListener.class);

    private final LoginFlow flow;
    private final PushMetrics metrics;
    private final boolean connectCredentials;
    private final ConnectionRecovery recovery;

    /** {@code connectCredentials}: also accept credentials with the connection (off for {@code LOGIN_AUTH=none}, as before). */
    public LoginListener(LoginFlow flow, PushMetrics metrics, boolean connectCredentials) {
        this(flow, metrics, connectCredentials, null);
    }

    /** With connection-state recovery for socket.io-client 4.6+ ({@code recovery} null: off). */
    public LoginListener(LoginFlow flow, PushMetrics metrics, boolean connectCredentials, ConnectionRecovery recovery) {
        this.recovery = recovery;
        this.flow = flow;
        this.metrics = metrics;
        this.connectCredentials = connectCredentials;
    }

    /**
     * The Engine.IO handshake's part: a verified {@code token} query parameter when logins are verified, else nothing
     * (for {@link SocketServerFactory}, which composes it with the other handshake checks).
     */
    public AuthorizationListener handshakeCheck() {
        return connectCredentials
                ? new HandshakeLogin(flow, metrics)
                : data -> AuthorizationResult.SUCCESSFUL_AUTHORIZATION;
    }

    /** Registers the listeners on the default namespace. */
    public void register(SocketIOServer server) {
        server.addEventListener(Events.USER_LOGIN, Object.class, (client, data, ack) ->
                flow.attempt(client, LoginCredential.ofLogin(data), ResumeRequest.of(data), new AckReply(client, ack)));
        server.addEventListener(Events.USER_LOGOUT, Object.class, (client, data, ack) -> logout(client, ack));
        server.addConnectListener(this::connected);
        server.addDisconnectListener(this::disconnected);
        if (recovery != null) { // before ConnectAuth: a recovered socket needs no credential
            server.getNamespace(Namespace.DEFAULT_NAME).addAuthTokenListener(recovery.listener());
        }
        if (connectCredentials) {
            server.getNamespace(Namespace.DEFAULT_NAME).addAuthTokenListener(new ConnectAuth());
        }
    }

    private void connected(SocketIOClient client) {
        metrics.connection("connect");
        log.debug("connect socket={} transport={}", client.getSessionId(), client.getTransport());
        flow.opened(client);
        if (recovery != null) {
            recovery.opened(client);
        }
        CompletableFuture<LoginVerdict> handshake = HandshakeLogin.take(client);
        if (handshake != null) {
            flow.attempt(client, handshake, ConnectReply.afterConnect(client));
        }
    }

    private void logout(SocketIOClient client, AckRequest ack) {
        String token = flow.logout(client);
        if (token != null) {
            metrics.logout();
            log.debug("logout socket={} token={}", client.getSessionId(), token);
        }
        AckReply.loggedOut(client, ack, token);
    }

    private void disconnected(SocketIOClient client) {
        metrics.connection("disconnect");
        if (recovery != null) {
            recovery.closed(client);
        }
        String token = flow.closed(client);
        log.debug("disconnect socket={} token={}", client.getSessionId(), token);
    }

    /**
     * A v3/v4 CONNECT with an auth payload ({@code {token}} or {@code {tokenId}}). netty-socketio asks synchronously:
     * a verdict already known answers the CONNECT (a refusal is the client's {@code connect_error}); a later one is
     * applied when it comes.
     */
    private final class ConnectAuth implements AuthTokenListener {
        @Override
        public AuthTokenResult getAuthTokenResult(Object auth, SocketIOClient client) {
            if (!LoginCredential.offered(auth)) {
                return AuthTokenResult.AuthTokenResultSuccess; // other auth data: the client may log in with user_login
            }
            SocketSession socket = SocketSession.of(client);
            if (socket != null && socket.recovering()) {
                return AuthTokenResult.AuthTokenResultSuccess; // its session came back whole: verified at its login
            }
            ConnectReply reply = ConnectReply.duringConnect(client);
            flow.attempt(client, LoginCredential.ofAuth(auth), reply);
            return reply.settle();
        }
    }
}
