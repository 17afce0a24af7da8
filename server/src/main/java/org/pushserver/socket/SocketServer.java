package org.pushserver.socket;

import com.corundumstudio.socketio.SocketIOServer;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.group.ChannelGroup;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * The listening Socket.IO server and its connections, with the steps of a graceful stop: stop accepting, close
 * every connection (clients see a transport close and reconnect), then release the event loops in the background,
 * since netty-socketio's own stop waits out Netty's quiet periods after there is nothing left to do.
 */
public final class SocketServer {
    private final SocketIOServer io;
    private final ChannelGroup connections;
    private volatile Channel listener;

    SocketServer(SocketIOServer io, ChannelGroup connections) {
        this.io = io;
        this.connections = connections;
    }

    /** netty-socketio's server, to register listeners on. */
    public SocketIOServer io() {
        return io;
    }

    /** The open connections (for tests: a live channel's pipeline). */
    ChannelGroup connections() {
        return connections;
    }

    /** Binds the port. */
    public void start() {
        listener = ((ChannelFuture) io.startAsync().syncUninterruptibly()).channel();
    }

    /** The bound port (useful with port 0). */
    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /** Open Socket.IO sessions on {@code transport} ({@code websocket}/{@code polling}) of Engine.IO {@code eio} (3/4). */
    public int sessions(String transport, String eio) {
        return (int) ConnectionCount.of(io, transport, eio);
    }

    /** Open Socket.IO sessions. */
    public int sessions() {
        return io.getAllClients().size();
    }

    public void stopAccepting() {
        if (listener != null) {
            listener.close().syncUninterruptibly();
        }
    }

    /** Closes every connection, waits up to {@code timeout} for them to close, then lets the event loops go. */
    public void close(Duration timeout) {
        if (listener == null) {
            return;
        }
        connections.close().awaitUninterruptibly(timeout.toMillis());
        Thread release = new Thread(io::stop, "socketio-release");
        release.setDaemon(true);
        release.start();
    }
}
