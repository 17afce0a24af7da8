package org.pushserver.socket;

import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.SocketIOServer;
import com.corundumstudio.socketio.protocol.EngineIOVersion;
import com.corundumstudio.socketio.transport.NamespaceClient;

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
        if (client instanceof NamespaceClient ns && ns.getBaseClient().getEngineIOVersion() == EngineIOVersion.V4) {
            return "4";
        }
        return "3";
    }
}
