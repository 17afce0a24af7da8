package org.pushserver.publish;

import org.pushserver.delivery.Broadcaster;
import org.pushserver.history.MessageLog;
import org.pushserver.metrics.PushMetrics;
import org.pushserver.mobile.MobileFallback;

import java.util.concurrent.CompletableFuture;

/**
 * The push path, whoever publishes (a backend's {@code POST /api}, a backend's answer to a client event): the history
 * gives the message its id, the broadcaster delivers it to every socket of its tokens cluster-wide, and the history
 * then records each token's fate and queues it for the tokens that had no socket. A push with a notification is then
 * queued for the devices of the tokens its {@code mobile} mode picks ({@link MobileFallback}), without waiting for
 * the providers.
 */
public final class Publisher {
    private final Broadcaster broadcaster;
    private final MessageLog history;
    private final PushMetrics metrics;
    private final MobileFallback mobile;

    /** {@code mobile}: sends a push's notification to devices. */
    public Publisher(Broadcaster broadcaster, MessageLog history, PushMetrics metrics, MobileFallback mobile) {
        this.broadcaster = broadcaster;
        this.history = history;
        this.metrics = metrics;
        this.mobile = mobile;
    }

    /** Publishes {@code push}; {@code startNanos} is when its request arrived, for the latency metric. */
    public CompletableFuture<Published> push(PushRequest push, long startNanos) {
        boolean keeps = history.historyEnabled() || !push.ttl().isZero();
        return history.append(push.tokens(), push.message()).thenCompose(accepted ->
                broadcaster.deliver(push.tokens(), accepted.message()).thenCompose(report -> {
                    metrics.pushed(report.sockets(), System.nanoTime() - startNanos);
                    return history.settle(accepted, push.tokens(), report, push.ttl()).thenCompose(settled -> {
                        if (push.notification() == null) {
                            return CompletableFuture.completedFuture(new Published(accepted, report, settled, keeps, null));
                        }
                        return mobile.send(accepted.id(), push.notification(), push.mobile(), push.ttl(), push.tokens(), report)
                                .thenApply(queued -> new Published(accepted, report, settled, keeps, queued));
                    });
                }));
    }
}
