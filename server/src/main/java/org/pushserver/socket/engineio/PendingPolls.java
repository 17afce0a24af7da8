package org.pushserver.socket.engineio;

import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.listener.DisconnectListener;
import com.corundumstudio.socketio.protocol.PacketType;

/**
 * Answers the poll a polling socket has pending when it disconnects, with a CLOSE packet as the Node server does.
 * Found by the bad-input battery: when a session closed (a client's CLOSE packet, a bad packet) while its next poll
 * was waiting, netty-socketio forgot the session but left that poll unanswered and its connection open for as long
 * as the client kept it. Queued first, so a poll that binds in the same instant gets it too.
 */
public final class PendingPolls implements DisconnectListener {

    @Override
    public void onDisconnect(SocketIOClient client) {
        EngineIo.queueForPoll(client, PacketType.CLOSE);
    }
}
