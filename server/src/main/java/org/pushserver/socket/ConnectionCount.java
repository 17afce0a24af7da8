package org.pushserver.socket;

import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.SocketIOServer;
import org.pushserver.socket.engineio.EngineIo;

/** Counts open connections by transport and Engine.IO version, at scrape time. */
final class ConnectionCount {
    private ConnectionCount() {
    }

    static double of(SocketIOServer server, String transport, String eio) {
        int n = 0;
        for (SocketIOClient client : server.getAllClients()) {
            if (client.getTransport().getValue().equals(transport) && version(client).equals(eio)) {
                n++;
            }
        }
        return n;
    }

    private static String version(SocketIOClient client) {
        return EngineIo.isV4(client) ? "4" : "3";
    }
}
