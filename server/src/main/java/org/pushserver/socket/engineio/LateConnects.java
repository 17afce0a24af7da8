package org.pushserver.socket.engineio;

import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.listener.ConnectListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Disconnects a socket that joins the namespace after its Engine.IO session has closed. Found by the bad-input
 * battery: netty-socketio still adds a socket to a closed session when a CONNECT packet follows a CLOSE in one
 * payload ({@code 1}, {@code 40}), or when a poll of that session arrives while its CLOSE is being handled (binding
 * the poll joins the namespace). With the session's ping timers gone, that socket stayed connected (and could log
 * in, holding its token online) forever. {@link ClosedSessions} covers the joins that fire no connect event.
 */
public final class LateConnects implements ConnectListener {
    private static final Logger log = LoggerFactory.getLogger(LateConnects.class);

    @Override
    public void onConnect(SocketIOClient client) {
        if (EngineIo.joinedClosedSession(client)) {
            log.debug("connect after close, socket {}: disconnected", client.getSessionId());
            EngineIo.leaveNamespace(client); // leaves the namespace and its rooms; disconnect listeners run
        }
    }
}
