package org.pushserver.webhook;

import org.pushserver.delivery.DeliveryReport;
import org.pushserver.delivery.PushMessage;
import org.pushserver.history.Accepted;
import org.pushserver.history.Fate;
import org.pushserver.history.MessageLog;
import org.pushserver.history.Recovery;
import org.pushserver.history.Settled;
import org.pushserver.history.StoredMessage;
import org.pushserver.metrics.PushMetrics;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * The history, telling the {@link ExpiryIndex} of every inbox entry a settle queued, so that {@code message_expired}
 * needs nothing of the history's own stores (memory or Redis) but its fates. Everything else goes straight through.
 */
final class ExpiryTracking implements MessageLog {
    private final MessageLog history;
    private final ExpiryIndex index;
    private final PushMetrics metrics;
    private final LongSupplier clock;

    ExpiryTracking(MessageLog history, ExpiryIndex index, PushMetrics metrics, LongSupplier clock) {
        this.history = history;
        this.index = index;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public CompletableFuture<Settled> settle(Accepted accepted, List<String> tokens, DeliveryReport report, Duration ttl) {
        return history.settle(accepted, tokens, report, ttl).thenApply(settled -> {
            if (settled.stored() && !settled.queued().isEmpty() && ttl != null && !ttl.isZero() && !ttl.isNegative()) {
                long due = clock.getAsLong() + ttl.toMillis(); // after the history's own ttl end, so its fate reads it
                PushMessage m = accepted.message();
                for (String token : settled.queued()) {
                    index.track(new ExpiryIndex.Entry(m.id(), token, m.entityType(), due)).whenComplete((ok, e) -> {
                        if (e != null || !Boolean.TRUE.equals(ok)) {
                            metrics.webhookEvents("dropped", "untracked", 1);
                        }
                    });
                }
            }
            return settled;
        });
    }

    @Override
    public boolean historyEnabled() {
        return history.historyEnabled();
    }

    @Override
    public CompletableFuture<Accepted> append(List<String> tokens, PushMessage message) {
        return history.append(tokens, message);
    }

    @Override
    public CompletableFuture<Accepted> appendBroadcast(PushMessage message) {
        return history.appendBroadcast(message);
    }

    @Override
    public CompletableFuture<Recovery> since(String token, String lastId, int limit) {
        return history.since(token, lastId, limit);
    }

    @Override
    public CompletableFuture<List<StoredMessage>> takeInbox(String token) {
        return history.takeInbox(token);
    }

    @Override
    public CompletableFuture<List<StoredMessage>> inbox(String token) {
        return history.inbox(token);
    }

    @Override
    public void delivered(String id, String token) {
        history.delivered(id, token);
    }

    @Override
    public CompletableFuture<Optional<Fate>> fate(String id) {
        return history.fate(id);
    }

    @Override
    public void mobile(String id, Map<String, Fate.Mobile> states) {
        history.mobile(id, states);
    }

    @Override
    public Held held() {
        return history.held();
    }

    @Override
    public void close() {
        history.close();
    }
}
