package org.pushserver.socket;

import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.handler.ClientHead;
import java.util.function.Consumer;
import org.pushserver.socket.session.SocketSession;
import org.pushserver.socket.session.WebSocketChannels;
import org.pushserver.socket.engineio.EngineIoQuery;
import org.pushserver.socket.engineio.EngineIoRequests;
import org.pushserver.socket.engineio.LateConnects;
import org.pushserver.socket.engineio.PendingPolls;
import org.pushserver.socket.engineio.UpgradeNoop;
import org.pushserver.socket.guard.ConnectionsPerIp;
import org.pushserver.socket.guard.HandshakeChecks;
import org.pushserver.socket.guard.LastResortErrors;
import org.pushserver.socket.guard.PollingBacklog;
import org.pushserver.socket.guard.OriginCheck;
import org.pushserver.socket.guard.SlowReaderGuard;
import org.pushserver.socket.guard.SocketErrors;
import org.pushserver.socket.login.LoginListener;
import org.pushserver.socket.events.UnlistedEvents;
import org.pushserver.tls.TlsContext;

import com.corundumstudio.socketio.AckMode;
import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.SocketIOServer;
import com.corundumstudio.socketio.store.MemoryStoreFactory;
import com.corundumstudio.socketio.protocol.JacksonJsonSupport;
import io.netty.channel.ChannelHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.pushserver.api.Cors;
import org.pushserver.api.HttpRouter;
import org.pushserver.config.ApiConfig;
import org.pushserver.config.ServerConfig;
import org.pushserver.config.SocketConfig;
import org.pushserver.config.TlsConfig;
import org.pushserver.metrics.PushMetrics;

/**
 * The only class that touches netty-socketio's mutable {@link Configuration}: builds the Socket.IO server from our
 * config records, with our pipeline, a local in-memory store (clustering is ours, see the cluster package) and
 * session ids chosen by the server only; TLS, when configured, through our own handler (see {@link TlsContext}).
 */
public final class SocketServerFactory {
    private SocketServerFactory() {
    }

    /**
     * Builds the server; with {@code tls} enabled its files are loaded now (InvalidConfigException naming the key).
     * {@code clientBundle} answers the socket.io client files under the path before any Engine.IO handler.
     */
    public static SocketServer create(ServerConfig server, SocketConfig socket, ApiConfig api, TlsConfig tls, Cors cors,
                                        HttpRouter router, ChannelHandler clientBundle, PushMetrics metrics,
                                        LoginListener logins, Consumer<ClientHead> connectReplied) {
        SslContext tlsContext = TlsContext.of(tls);
        Configuration c = new Configuration();
        c.setHostname(server.host());
        c.setPort(server.port());
        c.setWorkerThreads(server.ioThreads() > 0 ? server.ioThreads() : Runtime.getRuntime().availableProcessors());
        c.setBossThreads(1);
        c.setContext(socket.path());
        c.setPingInterval((int) socket.pingInterval().toMillis());
        c.setPingTimeout((int) socket.pingTimeout().toMillis());
        c.setRandomSession(true); // never take a session id from a client's header or cookie
        c.setAllowCustomRequests(true); // our routes live on the same port
        c.setMaxFramePayloadLength(socket.maxFrameBytes());
        // A connection that never completes its first request (headers trickling in) is closed after this.
        c.setFirstDataTimeout((int) api.requestTimeout().toMillis());
        c.setMaxHttpContentLength(Math.max(api.maxBodyBytes(), socket.maxFrameBytes()));
        c.setStoreFactory(new MemoryStoreFactory());
        // Unhandled events reach ClientEventListener's refusal when client events are on (else dropped, as before).
        c.setJsonSupport(new UnlistedEvents(new JacksonJsonSupport()));
        // Our listeners answer every ack themselves: a login verified later must not be acked empty when its listener returns.
        c.setAckMode(AckMode.MANUAL);
        // As socket.io 4 does by default: pushes are small, and deflate per socket would cost more CPU than it saves.
        // (Off for HTTP too: its encoder cannot answer a request that never finished arriving, e.g. with a 408.)
        c.setWebsocketCompression(false);
        c.setHttpCompression(false);
        c.setAddVersionHeader(false);
        c.setEnableCors(true);
        c.setOrigin(null); // echo the caller's origin (credentials need it); OriginCheck refuses the others
        c.setAllowHeaders("Content-Type, Authorization");
        c.setAuthorizationListener(new HandshakeChecks(new OriginCheck(cors), logins.handshakeCheck()));
        SocketErrors errors = new SocketErrors(metrics);
        c.setExceptionListener(errors);
        c.getSocketConfig().setReuseAddress(true);
        c.getSocketConfig().setTcpNoDelay(true);
        c.setUseLinuxNativeEpoll(Epoll.isAvailable()); // fewer allocations and wake-ups than NIO where it exists

        SocketIOServer io = new SocketIOServer(c);
        io.addConnectListener(new LateConnects());
        io.addDisconnectListener(new PendingPolls());
        ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        io.setPipelineFactory(new PushChannelInitializer(new PushChannelInitializer.Parts(router, clientBundle,
                new SlowReaderGuard(socket.maxPendingBytes(), metrics), new EngineIoQuery(socket.path()),
                new EngineIoRequests(socket.path()),
                new UpgradeNoop(socket.path(), io::getClient, SocketServerFactory::hasWebSocket), new WebSocketChannels(),
                new LastResortErrors(errors),
                connections, socket.maxConnectionsPerIp() > 0 ? new ConnectionsPerIp(socket.maxConnectionsPerIp(), metrics) : null,
                c.getMaxHttpContentLength(), socket.maxPendingBytes(), api.requestTimeout(), tlsContext, socket, connectReplied,
                new PollingBacklog(socket.maxQueuedPackets(), metrics))));
        return new SocketServer(io, connections);
    }

    private static boolean hasWebSocket(SocketIOClient client) {
        SocketSession session = SocketSession.of(client);
        return session != null && session.hasWebSocket();
    }
}
