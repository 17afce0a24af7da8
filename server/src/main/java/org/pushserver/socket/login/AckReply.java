package org.pushserver.socket.login;

import org.pushserver.socket.Events;
import org.pushserver.socket.session.SocketSession;

import com.corundumstudio.socketio.AckRequest;
import com.corundumstudio.socketio.SocketIOClient;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The answer to a {@code user_login} event: its ack ({@code {ok, tokenId}} or {@code {ok:false, error}}) when the
 * client asked for one; otherwise a refusal is sent as a {@code login_error} event and an acceptance says nothing, as
 * before.
 */
final class AckReply implements LoginReply {
    private final SocketIOClient client;
    private final AckRequest ack;

    AckReply(SocketIOClient client, AckRequest ack) {
        this.client = client;
        this.ack = ack;
    }

    @Override
    public void accepted(String room) {
        answer(true, room, null);
    }

    @Override
    public void accepted(String room, Resumed resumed) {
        if (!ack.isAckRequested()) {
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ok", true);
        body.put("tokenId", room);
        body.put("recovered", resumed.recovered());
        body.put("missed", resumed.missed());
        if (resumed.reason() != null) {
            body.put("reason", resumed.reason());
        }
        ack.sendAckData(body);
        SocketSession.sent(client);
    }

    @Override
    public void refused(String reason) {
        if (ack.isAckRequested()) {
            answer(false, null, reason);
        } else {
            client.sendEvent(Events.LOGIN_ERROR, Map.of("error", reason));
            SocketSession.sent(client);
        }
    }

    @Override
    public void superseded() {
        answer(false, null, "superseded by a later login"); // so a client waiting for this ack is not left hanging
    }

    @Override
    public void disconnect() {
        LoginReply.close(client);
    }

    /** Answers {@code user_logout} (always {@code ok}, with the token left, if any). */
    static void loggedOut(SocketIOClient client, AckRequest ack, String token) {
        new AckReply(client, ack).answer(true, token, null);
    }

    private void answer(boolean ok, String token, String error) {
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
        SocketSession.sent(client);
    }
}
