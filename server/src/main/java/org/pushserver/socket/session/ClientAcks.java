package org.pushserver.socket.session;

import com.corundumstudio.socketio.AckCallback;
import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.handler.ClientHead;
import com.corundumstudio.socketio.protocol.Packet;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A socket's client acks: whether it logged in with {@code "acks": true}, and the ids of the messages sent to it with
 * an ack id and not acked yet. An ack waits without a timer: the ack releases it, or netty-socketio when the session
 * ends (it calls every pending callback's {@code onTimeout}), so nothing outlives the socket; the caller bounds how
 * many one socket holds meanwhile.
 */
public final class ClientAcks {
    private volatile boolean on;
    private final Set<String> unacked = ConcurrentHashMap.newKeySet();

    /** What {@link SocketSession#sendAcked} did. */
    public enum Sent {
        /** Sent with an ack id. */
        SENT,
        /** Not sent again: the same message already waits for this socket's ack. */
        WAITING,
        /** Not sent: as many messages as allowed wait for their ack already (close the socket). */
        FULL
    }

    /** Whether the socket acks each push. */
    public boolean on() {
        return on;
    }

    public void on(boolean on) {
        this.on = on;
    }

    Sent send(SocketIOClient client, ClientHead head, Packet packet, String messageId, int maxUnacked, Runnable acked) {
        if (unacked.size() >= maxUnacked) {
            return Sent.FULL;
        }
        if (!unacked.add(messageId)) {
            return Sent.WAITING;
        }
        client.send(packet, new AckCallback<>(Object.class) {
            @Override
            public void onSuccess(Object result) {
                if (unacked.remove(messageId)) {
                    acked.run();
                }
            }

            @Override
            public void onTimeout() { // only when the session ended: the message was not acked, so not delivered
                unacked.remove(messageId);
            }
        });
        if (!head.isConnected()) {
            // It closed between netty-socketio's check and the registration, whose entry its close no longer clears.
            head.getAckManager().onDisconnect(head);
        }
        return Sent.SENT;
    }
}
