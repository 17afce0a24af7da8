package org.pushserver.socket;

import org.pushserver.socket.session.WebSocketChannels;
import org.pushserver.socket.engineio.AckIds;
import org.pushserver.socket.guard.AttachmentGuard;
import org.pushserver.socket.engineio.ClosedSessions;
import org.pushserver.socket.engineio.Eio3BinaryPayload;
import org.pushserver.socket.engineio.Eio3TextPayload;
import org.pushserver.socket.engineio.EngineIoQuery;
import org.pushserver.socket.engineio.EngineIoRequests;
import org.pushserver.socket.engineio.EventLoopTuning;
import org.pushserver.socket.engineio.LateConnects;
import org.pushserver.socket.engineio.PacketSeparators;
import org.pushserver.socket.engineio.ProtocolRules;
import org.pushserver.config.SocketConfig;
import org.pushserver.socket.engineio.UpgradeNoop;
import org.pushserver.socket.guard.ConnectionsPerIp;
import org.pushserver.socket.guard.LastResortErrors;
import org.pushserver.socket.guard.PollingBacklog;
import org.pushserver.socket.guard.SlowReaderGuard;
import org.pushserver.tls.PacketsPastTls;

import com.corundumstudio.socketio.SocketIOChannelInitializer;
import com.corundumstudio.socketio.handler.ClientHead;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import org.pushserver.api.HttpRouter;
import org.pushserver.http.LimitedAggregator;
import org.pushserver.http.MalformedRequests;
import org.pushserver.http.RequestTimeoutHandler;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * netty-socketio's pipeline plus ours, on the one port: our HTTP routes before its wrong-URL handler (and after its
 * authorize handler, whose first-data timer would otherwise close keep-alive connections), a JSON 413 aggregator,
 * a timeout for half-sent requests, a 400 for requests that did not decode, Engine.IO's own 400s for bad Engine.IO
 * requests, the Engine.IO fixes (v4 {@code b64}, v3 text framing, upgrade noop), the websocket channel registry for
 * direct pushes, v4 payloads split into packets (the decoder leaks on separators), the refusal of binary packets
 * and of ack ids the encoder cannot write, the clean-up of sessions closed by their own packets, the slow-reader
 * guard and a last-resort error handler; with TLS on, our own {@link SslHandler} first (netty-socketio's
 * keystore-only SSL is not used).
 */
final class PushChannelInitializer extends SocketIOChannelInitializer {

    /**
     * The handlers shared by every connection, and the limits of the per-connection ones.
     *
     * @param connections every open connection, so a stop can close them all at once
     * @param connectionsPerIp null when MAX_CONNECTIONS_PER_IP is 0
     * @param tls         the TLS context when the port speaks HTTPS/WSS, else null
     * @param clientBundle answers requests for the socket.io client files under the path, before Engine.IO sees them
     */
    record Parts(HttpRouter router, ChannelHandler clientBundle, SlowReaderGuard slowReaderGuard,
                 EngineIoQuery engineIoQuery, EngineIoRequests engineIoRequests, UpgradeNoop upgradeNoop,
                 WebSocketChannels webSocketChannels, LastResortErrors lastResortErrors, ChannelGroup connections,
                 ConnectionsPerIp connectionsPerIp, int maxHttpBytes, int maxPendingBytes, Duration requestTimeout,
                 SslContext tls, SocketConfig socket, Consumer<ClientHead> connectReplied, PollingBacklog pollingBacklog) {
    }

    private final Parts parts;
    private final PacketsPastTls packetsPastTls = new PacketsPastTls(SSL_HANDLER);
    private final MalformedRequests malformedRequests = new MalformedRequests();
    private final AttachmentGuard attachmentGuard = new AttachmentGuard();
    private final PacketSeparators packetSeparators = new PacketSeparators();
    private final AckIds ackIds = new AckIds();
    private final ClosedSessions closedSessions = new ClosedSessions();
    private volatile boolean ioRatioSet;

    private final ProtocolRules protocolRules;

    PushChannelInitializer(Parts parts) {
        this.parts = parts;
        this.protocolRules = new ProtocolRules(this, parts.socket(), parts.connectReplied());
    }

    @Override
    protected void initChannel(Channel ch) throws Exception {
        if (!ioRatioSet) {
            ioRatioSet = EventLoopTuning.runTasksAfterEveryIoRound(ch.eventLoop().parent());
        }
        parts.connections().add(ch);
        ch.config().setWriteBufferWaterMark(new WriteBufferWaterMark(parts.maxPendingBytes() / 4, parts.maxPendingBytes() / 2));
        super.initChannel(ch);
    }

    /**
     * Closes a session that netty-socketio forgets. It forgets a session once its last socket leaves (a client's
     * {@code 41}, or a packet that decodes as one) but leaves the session itself open, and a socket that rejoined it
     * (a CONNECT later in the same payload, a poll bound meanwhile) then lived forever, since the session's timers
     * found nothing to act on (bad-input battery). Closed here, such a socket is turned away by {@link LateConnects}
     * and {@link ClosedSessions}; closing an already closed session changes nothing.
     */
    @Override
    public void onDisconnect(ClientHead client) {
        super.onDisconnect(client);
        client.onChannelDisconnect();
    }

    @Override
    protected void addSocketioHandlers(ChannelPipeline pipeline) {
        super.addSocketioHandlers(pipeline);
        pipeline.addFirst("slowReaderGuard", parts.slowReaderGuard());
        if (parts.tls() != null) { // first (but for the packets' bypass): everything after it sees plain bytes
            SslHandler tls = parts.tls().newHandler(pipeline.channel().alloc());
            // A peer that never completes its handshake is closed as one that never completes its first request.
            tls.setHandshakeTimeoutMillis(parts.requestTimeout().toMillis());
            pipeline.addFirst(SSL_HANDLER, tls);
            pipeline.addFirst("packetsPastTls", packetsPastTls);
        }
        pipeline.replace(HTTP_AGGREGATOR, HTTP_AGGREGATOR, new LimitedAggregator(parts.maxHttpBytes()));
        pipeline.addBefore(HTTP_AGGREGATOR, "requestTimeout", new RequestTimeoutHandler(parts.requestTimeout()));
        // first after the aggregator: a request that did not decode is answered 400 and closed (bad-input battery)
        pipeline.addAfter(HTTP_AGGREGATOR, "malformedRequests", malformedRequests);
        pipeline.addAfter("malformedRequests", "engineIoQuery", parts.engineIoQuery());
        pipeline.addAfter("malformedRequests", "clientBundle", parts.clientBundle()); // before every Engine.IO handler
        pipeline.addAfter("engineIoQuery", "upgradeNoop", parts.upgradeNoop());
        pipeline.addAfter(HTTP_ENCODER, "eio3TextPayload", new Eio3TextPayload()); // per channel: holds one response
        pipeline.addAfter("eio3TextPayload", "eio3BinaryPayload", new Eio3BinaryPayload()); // per channel: holds one response
        // after the encoder, so that it sees netty-socketio's responses before they are encoded (it rewrites one)
        pipeline.addAfter(HTTP_ENCODER, "engineIoRequests", parts.engineIoRequests());
        pipeline.addBefore(PACKET_HANDLER, "webSocketChannels", parts.webSocketChannels());
        pipeline.addBefore(PACKET_HANDLER, "pollingBacklog", parts.pollingBacklog()); // once per POST: bounds its answers
        pipeline.addBefore(PACKET_HANDLER, "packetSeparators", packetSeparators); // the decoder leaks on separators
        pipeline.addBefore(PACKET_HANDLER, "attachmentGuard", attachmentGuard); // no binary packets (bad-input battery)
        pipeline.addBefore(PACKET_HANDLER, "closedSessions", closedSessions); // a closed session keeps no socket
        pipeline.addAfter(SOCKETIO_ENCODER, "ackIds", ackIds); // outbound: just before the encoder
        protocolRules.addTo(pipeline, "engineIoRequests", "packetSeparators"); // the spec's rules (see engineio)
        pipeline.addBefore(WRONG_URL_HANDLER, "pushRouter", parts.router());
        pipeline.addLast("lastResortErrors", parts.lastResortErrors());
        if (parts.connectionsPerIp() != null) {
            pipeline.addFirst("connectionsPerIp", parts.connectionsPerIp());
        }
    }
}
