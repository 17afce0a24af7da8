package org.pushserver.socket.login;

import org.pushserver.socket.Events;
import org.pushserver.socket.session.SocketSession;

import com.corundumstudio.socketio.AuthTokenResult;
import com.corundumstudio.socketio.SocketIOClient;
import io.netty.util.concurrent.GlobalEventExecutor;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The answer to a credential that came with the connection: a v3/v4 CONNECT's {@code auth} payload, or the
 * handshake's {@code token} parameter. A refusal known while the CONNECT is being read becomes netty-socketio's
 * connect error, which the client sees as {@code connect_error}. Once the connection stands (a verdict that came
 * later, or the handshake's token applied after connect), the client has nothing waiting for an answer: a refusal is
 * a {@code login_error} event, then a disconnect. An acceptance needs no answer: the connect is it.
 */
final class ConnectReply implements LoginReply {
    /** Lets the connect error go out before the session is closed after too many refusals. */
    private static final long CLOSE_GRACE_MS = 200;

    private final SocketIOClient client;
    private boolean settled;
    private String refusal;
    private boolean closeAfterRefusal;
    private boolean closed;

    private ConnectReply(SocketIOClient client, boolean settled) {
        this.client = client;
        this.settled = settled;
    }

    /** For a CONNECT's auth payload: call {@link #settle()} once the attempt has started. */
    static ConnectReply duringConnect(SocketIOClient client) {
        return new ConnectReply(client, false);
    }

    /** For a credential applied once the socket is connected. */
    static ConnectReply afterConnect(SocketIOClient client) {
        return new ConnectReply(client, true);
    }

    /** The answer to the CONNECT: its refusal if the verdict is already known, else success (a later one disconnects). */
    synchronized AuthTokenResult settle() {
        settled = true;
        if (refusal == null) {
            return AuthTokenResult.AuthTokenResultSuccess;
        }
        if (closeAfterRefusal) {
            // netty-socketio sends the refusal once this returns; close a moment later. On Netty's own global
            // executor: the common ForkJoinPool (one thread on two cores) may be busy with anyone's blocking tasks.
            GlobalEventExecutor.INSTANCE.schedule(this::closeOnce, CLOSE_GRACE_MS, TimeUnit.MILLISECONDS);
        }
        return new AuthTokenResult(false, Map.of("message", refusal));
    }

    @Override
    public void accepted(String room) {
        // the connect itself tells the client
    }

    @Override
    public synchronized void refused(String reason) {
        if (!settled) {
            refusal = reason;
            return;
        }
        client.sendEvent(Events.LOGIN_ERROR, Map.of("error", reason));
        SocketSession.sent(client);
        closeOnce();
    }

    @Override
    public void superseded() {
        // a later attempt answers
    }

    @Override
    public synchronized void disconnect() {
        if (settled) {
            closeOnce();
        } else {
            closeAfterRefusal = true;
        }
    }

    private synchronized void closeOnce() {
        if (!closed) {
            closed = true;
            LoginReply.close(client);
        }
    }
}
