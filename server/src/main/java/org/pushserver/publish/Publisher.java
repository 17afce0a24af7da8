package org.pushserver.publish;

import org.pushserver.delivery.Broadcaster;
import org.pushserver.history.MessageLog;
import org.pushserver.metrics.PushMetrics;

import java.util.concurrent.CompletableFuture;

/**
 * The push path, whoever publishes (a backend's {@code POST /api}, a backend's answer to a client event): the history
 * gives the message its id, the broadcaster delivers it to every socket of its tokens cluster-wide, and the history
 * then records each token's fate and queues it for the tokens that had no socket.
 */
public final class Publisher {
    private final Broadcaster broadcaster;
    private final MessageLog history;
    private final PushMetrics metrics;

    public Publisher(Broadcaster broadcaster, MessageLog history, PushMetrics metrics) {
        this.broadcaster = broadcaster;
        this.history = history;
        this.metrics = metrics;
    }

    /** Publishes {@code push}; {@code startNanos} is when its request arrived, for the latency metric. */
    public CompletableFuture<Published> push(PushRequest push, long startNanos) {
        boolean keeps = history.historyEnabled() || !push.ttl().isZero();
        return history.append(push.tokens(), push.message()).thenCompose(accepted ->
                broadcaster.deliver(push.tokens(), accepted.message()).thenCompose(report -> {
                    metrics.pushed(report.sockets(), System.nanoTime() - startNanos);
                    return history.settle(accepted, push.tokens(), report, push.ttl())
                            .thenApply(settled -> new Published(accepted, report, settled, keeps));
                }));
    }
}
