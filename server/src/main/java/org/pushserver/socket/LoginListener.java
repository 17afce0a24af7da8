package org.pushserver.socket;

import com.corundumstudio.socketio.AckRequest;
import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.SocketIOServer;
import org.pushserver.delivery.Broadcaster;
import org.pushserver.delivery.Token;
import org.pushserver.metrics.PushMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code user_login}, {@code user_logout} and disconnect: moves sockets between token rooms and tells the
 * broadcaster. A bad login is answered (when the client asked for an ack) and never drops the connection.
 */
public final class LoginListener {
    private static final Logger log = LoggerFactory.getLogger(LoginListener.class);

    private final SocketRooms rooms;
    private final Broadcaster broadcaster;
    private final PushMetrics metrics;

    public LoginListener(SocketRooms rooms, Broadcaster broadcaster, PushMetrics metrics) {
        this.rooms = rooms;
        this.broadcaster = broadcaster;
        this.metrics = metrics;
    }

    /** Registers the listeners on the default namespace. */
    public void register(SocketIOServer server) {
        server.addEventListener(Events.USER_LOGIN, Object.class, (client, data, ack) -> login(client, data, ack));
        server.addEventListener(Events.USER_LOGOUT, Object.class, (client, data, ack) -> logout(client, ack));
        server.addConnectListener(client -> {
            metrics.connection("connect");
            log.debug("connect socket={} transport={}", client.getSessionId(), client.getTransport());
        });
        server.addDisconnectListener(this::disconnected);
    }

    void login(SocketIOClient client, Object data, AckRequest ack) {
        Optional<String> token = Token.normalize(data instanceof Map<?, ?> map ? map.get("tokenId") : data);
        if (token.isEmpty()) {
            metrics.login(false);
            log.debug("rejected login socket={}: no usable tokenId", client.getSessionId());
            answer(client, ack, false, null, "tokenId must be a non-empty string or an integer of at most "
                    + Token.MAX_LENGTH + " characters");
            return;
        }
        if (!token.get().equals(rooms.tokenOf(client))) { // a repeated login (some clients send two) changes nothing
            String previous = rooms.join(client, token.get());
            if (previous != null) {
                broadcaster.left(previous);
            }
            broadcaster.joined(token.get());
        }
        metrics.login(true);
        log.debug("login socket={} token={}", client.getSessionId(), token.get());
        answer(client, ack, true, token.get(), null);
    }

    void logout(SocketIOClient client, AckRequest ack) {
        String token = rooms.leave(client);
        if (token != null) {
            broadcaster.left(token);
            metrics.logout();
            log.debug("logout socket={} token={}", client.getSessionId(), token);
        }
        answer(client, ack, true, token, null);
    }

    private void disconnected(SocketIOClient client) {
        metrics.connection("disconnect");
        String token = rooms.leave(client);
        if (token != null) {
            broadcaster.left(token);
        }
        log.debug("disconnect socket={} token={}", client.getSessionId(), token);
    }

    private void answer(SocketIOClient client, AckRequest ack, boolean ok, String token, String error) {
        if (!ack.isAckRequested()) {
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ok", ok);
        if (token != null) {
            body.put("tokenId", token);
        }
        if (error != null) {
            body.put("error", error);
        }
        ack.sendAckData(body);
        rooms.sent(client);
    }
}
