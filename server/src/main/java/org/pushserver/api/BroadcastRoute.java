package org.pushserver.api;

import io.netty.handler.codec.http.HttpMethod;
import org.pushserver.delivery.Broadcaster;
import org.pushserver.metrics.PushMetrics;

import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** {@code POST /api/broadcast}: {@code {entityType, data}} to every logged-in socket on every node, once. */
public final class BroadcastRoute implements Route {
    private final PushRequestParser parser;
    private final Broadcaster broadcaster;
    private final PushMetrics metrics;

    public BroadcastRoute(PushRequestParser parser, Broadcaster broadcaster, PushMetrics metrics) {
        this.parser = parser;
        this.broadcaster = broadcaster;
        this.metrics = metrics;
    }

    @Override
    public Set<HttpMethod> methods() {
        return Set.of(HttpMethod.POST);
    }

    @Override
    public boolean publishes() {
        return true;
    }

    @Override
    public CompletableFuture<HttpReply> handle(HttpCall call) {
        PushRequest push = parser.broadcast(call);
        return broadcaster.broadcast(push.message()).thenApply(report -> {
            metrics.broadcasted(report.sockets(), System.nanoTime() - call.startNanos());
            return PushRoute.answer(report);
        });
    }
}
