package org.pushserver.socket;

import com.corundumstudio.socketio.SocketIOChannelInitializer;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.WriteBufferWaterMark;
import org.pushserver.api.HttpRouter;
import org.pushserver.api.LimitedAggregator;
import org.pushserver.api.RequestTimeoutHandler;

import java.time.Duration;

/**
 * netty-socketio's pipeline plus ours, on the one port: our HTTP routes before its wrong-URL handler (and after its
 * authorize handler, whose first-data timer would otherwise close keep-alive connections), a JSON 413 aggregator,
 * a timeout for half-sent requests, the v4 {@code b64} fix, the v3 text-payload fix, NOOPs for upgrading polls and
 * the slow-reader guard.
 */
final class PushChannelInitializer extends SocketIOChannelInitializer {
    static final String ROUTER = "pushRouter";

    private final HttpRouter router;
    private final SlowReaderGuard slowReaderGuard;
    private final EngineIoQuery engineIoQuery;
    private final UpgradeNoop upgradeNoop;
    private final LastResortErrors lastResortErrors;
    private final WebSocketChannels webSocketChannels;
    private final int maxHttpBytes;
    private final int maxPendingBytes;
    private final Duration requestTimeout;

    PushChannelInitializer(HttpRouter router, SlowReaderGuard slowReaderGuard, EngineIoQuery engineIoQuery, UpgradeNoop upgradeNoop,
                           LastResortErrors lastResortErrors, WebSocketChannels webSocketChannels,
                           int maxHttpBytes, int maxPendingBytes, Duration requestTimeout) {
        this.lastResortErrors = lastResortErrors;
        this.webSocketChannels = webSocketChannels;
        this.router = router;
        this.slowReaderGuard = slowReaderGuard;
        this.engineIoQuery = engineIoQuery;
        this.upgradeNoop = upgradeNoop;
        this.maxHttpBytes = maxHttpBytes;
        this.maxPendingBytes = maxPendingBytes;
        this.requestTimeout = requestTimeout;
    }

    @Override
    protected void initChannel(Channel ch) throws Exception {
        ch.config().setWriteBufferWaterMark(new WriteBufferWaterMark(maxPendingBytes / 4, maxPendingBytes / 2));
        super.initChannel(ch);
    }

    @Override
    protected void addSocketioHandlers(ChannelPipeline pipeline) {
        super.addSocketioHandlers(pipeline);
        pipeline.addFirst("slowReaderGuard", slowReaderGuard);
        pipeline.replace(HTTP_AGGREGATOR, HTTP_AGGREGATOR, new LimitedAggregator(maxHttpBytes));
        pipeline.addBefore(HTTP_AGGREGATOR, "requestTimeout", new RequestTimeoutHandler(requestTimeout));
        pipeline.addAfter(HTTP_AGGREGATOR, "engineIoQuery", engineIoQuery);
        pipeline.addAfter("engineIoQuery", "upgradeNoop", upgradeNoop);
        pipeline.addAfter(HTTP_ENCODER, "eio3TextPayload", new Eio3TextPayload()); // per channel: holds one response
        pipeline.addBefore(PACKET_HANDLER, "webSocketChannels", webSocketChannels);
        pipeline.addBefore(WRONG_URL_HANDLER, ROUTER, router);
        pipeline.addLast("lastResortErrors", lastResortErrors);
    }
}
