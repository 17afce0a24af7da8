package org.pushserver.socket.engineio;

import com.corundumstudio.socketio.SocketIOChannelInitializer;
import com.corundumstudio.socketio.handler.ClientHead;
import io.netty.channel.ChannelPipeline;
import org.pushserver.config.SocketConfig;

import java.util.function.Consumer;

/**
 * The handlers that hold netty-socketio to the Engine.IO v4 / Socket.IO v5 specs (see this package's
 * {@code package-info}), and where each goes in a connection's pipeline. One set per server, shared by its
 * connections; they find sessions through {@link Sessions} and keep what they know about one in its store.
 */
public final class ProtocolRules {
    private final PollingResponses pollingResponses;
    private final PollingGets pollingGets;
    private final PollingPosts pollingPosts;
    private final WebSocketClaims webSocketClaims;
    private final StrictPackets strictPackets;
    private final OutgoingPackets outgoingPackets;

    /**
     * The rules for the server whose pipelines {@code initializer} builds (call from its constructor or later);
     * {@code connectReplied} hears of each CONNECT reply once it is written.
     */
    public ProtocolRules(SocketIOChannelInitializer initializer, SocketConfig socket, Consumer<ClientHead> connectReplied) {
        Sessions sessions = Sessions.of(initializer);
        Heartbeat heartbeat = new Heartbeat(sessions, socket.pingInterval(), socket.pingTimeout(), socket.connectTimeout());
        pollingResponses = new PollingResponses(socket.path());
        pollingGets = new PollingGets(socket.path(), sessions);
        pollingPosts = new PollingPosts(socket.path(), sessions, socket.maxFrameBytes());
        webSocketClaims = new WebSocketClaims(socket.path(), sessions);
        strictPackets = new StrictPackets(sessions, heartbeat);
        outgoingPackets = new OutgoingPackets(heartbeat, socket.maxFrameBytes(), connectReplied);
    }

    /**
     * Adds the handlers: the HTTP ones after {@code afterHttp} (a handler after the HTTP encoder, so that
     * {@link PollingResponses} sees netty-socketio's answers before they are encoded), {@link StrictPackets} after
     * {@code afterSplit} (where each message is one packet), {@link OutgoingPackets} just before netty-socketio's
     * encoder.
     */
    public void addTo(ChannelPipeline pipeline, String afterHttp, String afterSplit) {
        pipeline.addAfter(afterHttp, "pollingResponses", pollingResponses);
        pipeline.addAfter("pollingResponses", "pollingGets", pollingGets);
        pipeline.addAfter("pollingGets", "pollingPosts", pollingPosts);
        pipeline.addAfter("pollingPosts", "webSocketClaims", webSocketClaims);
        pipeline.addAfter(afterSplit, "strictPackets", strictPackets);
        pipeline.addAfter(SocketIOChannelInitializer.SOCKETIO_ENCODER, "outgoingPackets", outgoingPackets);
    }
}
