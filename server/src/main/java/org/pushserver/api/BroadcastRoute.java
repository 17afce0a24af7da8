package org.pushserver.api;

import io.netty.handler.codec.http.HttpMethod;
import org.pushserver.delivery.Broadcaster;
import org.pushserver.history.MessageLog;
import org.pushserver.history.Settled;
import org.pushserver.http.HttpReply;
import org.pushserver.limits.WindowCounter;
import org.pushserver.metrics.PushMetrics;
import org.pushserver.publish.PushRequest;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /api/broadcast}: {@code {entityType, data}} to every logged-in socket on every node, once. At most
 * BROADCASTS_PER_MINUTE, counted across the cluster: one broadcast costs as much as a push to every user.
 */
public final class BroadcastRoute implements Route {
    private static final Duration MINUTE = Duration.ofMinutes(1);

    private final PushRequestParser parser;
    private final Broadcaster broadcaster;
    private final MessageLog history;
    private final PushMetrics metrics;
    private final WindowCounter counter;
    private final int perMinute;

    /** @param perMinute broadcasts allowed per minute, 0 = no limit */
    public BroadcastRoute(PushRequestParser parser, Broadcaster broadcaster, MessageLog history, PushMetrics metrics,
                          WindowCounter counter, int perMinute) {
        this.parser = parser;
        this.broadcaster = broadcaster;
        this.history = history;
        this.metrics = metrics;
        this.counter = counter;
        this.perMinute = perMinute;
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
        PushRequest push = parser.broadcast(call); // a bad body is refused before it counts
        CompletableFuture<Void> admitted = perMinute == 0 ? CompletableFuture.completedFuture(null)
                : counter.hit("broadcasts", MINUTE).thenAccept(hit -> {
                    if (hit.count() > perMinute) {
                        metrics.rateLimited("broadcasts");
                        throw PublishGate.tooMany(hit, "more than BROADCASTS_PER_MINUTE (" + perMinute + ") broadcasts in one minute");
                    }
                });
        return admitted.thenCompose(ok -> history.appendBroadcast(push.message())).thenCompose(accepted ->
                broadcaster.broadcast(accepted.message()).thenApply(report -> {
                    metrics.broadcasted(report.sockets(), System.nanoTime() - call.startNanos());
                    return PushRoute.answer(report, accepted, Settled.NOTHING, history.historyEnabled());
                }));
    }
}
