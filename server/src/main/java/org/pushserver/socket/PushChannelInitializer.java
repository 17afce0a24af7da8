package org.pushserver.socket;

import com.corundumstudio.socketio.SocketIOChannelInitializer;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import org.pushserver.api.HttpRouter;
import org.pushserver.api.LimitedAggregator;
import org.pushserver.api.RequestTimeoutHandler;

import java.time.Duration;
import java.util.List;

/**
 * netty-socketio's pipeline plus ours, on the one port: our HTTP routes before its wrong-URL handler (and after its
 * authorize handler, whose first-data timer would otherwise close keep-alive connections), a JSON 413 aggregator,
 * a timeout for half-sent requests, the Engine.IO fixes (v4 {@code b64}, v3 text framing, upgrade noop), the
 * websocket channel registry for direct pushes, the slow-reader guard and a last-resort error handler; with TLS on,
 * our own {@link SslHandler} first (netty-socketio's keystore-only SSL is not used).
 */
final class PushChannelInitializer extends SocketIOChannelInitializer {

    /**
     * The handlers shared by every connection, and the limits of the per-connection ones.
     *
     * @param connections every open connection, so a stop can close them all at once
     * @param connectionsPerIp null when MAX_CONNECTIONS_PER_IP is 0
     * @param tls         the TLS context when the port speaks HTTPS/WSS, else null
     */
    record Parts(HttpRouter router, SlowReaderGuard slowReaderGuard, EngineIoQuery engineIoQuery, UpgradeNoop upgradeNoop,
                 WebSocketChannels webSocketChannels, LastResortErrors lastResortErrors, ChannelGroup connections,
                 ConnectionsPerIp connectionsPerIp, int maxHttpBytes, int maxPendingBytes, Duration requestTimeout,
                 SslContext tls) {
    }

    /** Our handlers that only ever act on HTTP requests, so a websocket connection can drop them (memory). */
    private static final List<String> HTTP_ONLY = List.of("requestTimeout", "engineIoQuery", "upgradeNoop", "eio3TextPayload", "pushRouter");

    private final Parts parts;
    private final PacketsPastTls packetsPastTls = new PacketsPastTls(SSL_HANDLER);
    private volatile boolean ioRatioSet;

    PushChannelInitializer(Parts parts) {
        this.parts = parts;
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

    /** Removes the HTTP-only handlers from a connection that has become a websocket. */
    static void dropHttpOnlyHandlers(ChannelPipeline pipeline) {
        for (String name : HTTP_ONLY) {
            if (pipeline.get(name) != null) {
                pipeline.remove(name);
            }
        }
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
        pipeline.addAfter(HTTP_AGGREGATOR, "engineIoQuery", parts.engineIoQuery());
        pipeline.addAfter("engineIoQuery", "upgradeNoop", parts.upgradeNoop());
        pipeline.addAfter(HTTP_ENCODER, "eio3TextPayload", new Eio3TextPayload()); // per channel: holds one response
        pipeline.addBefore(PACKET_HANDLER, "webSocketChannels", parts.webSocketChannels());
        pipeline.addBefore(WRONG_URL_HANDLER, "pushRouter", parts.router());
        pipeline.addLast("lastResortErrors", parts.lastResortErrors());
        if (parts.connectionsPerIp() != null) {
            pipeline.addFirst("connectionsPerIp", parts.connectionsPerIp());
        }
    }
}
