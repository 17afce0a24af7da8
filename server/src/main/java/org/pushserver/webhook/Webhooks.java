package org.pushserver.webhook;

import org.pushserver.config.WebhookConfig;
import org.pushserver.delivery.PresenceListener;
import org.pushserver.history.MessageLog;
import org.pushserver.metrics.PushMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The signed webhooks ({@code docs/WEBHOOKS.md}): presence transitions ({@link PresenceTransitions}) and expiries
 * ({@link ExpirySweep}) decide events into the {@link WebhookQueue}, which POSTs them. One timer thread runs the
 * periodic checks and the sends; nothing here runs on an event loop but {@link #joined}/{@link #left}, which only
 * update counts. {@link #off()} when {@code WEBHOOK_URL} is empty.
 */
public final class Webhooks implements PresenceListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Webhooks.class);
    /** Expiry entries tracked at most, per WEBHOOK_QUEUE_SIZE: both bound what waits for the backend. */
    private static final int TRACKED_PER_QUEUED = 10;

    private final WebhookQueue queue;
    private final PresenceTransitions transitions;
    private final ExpiryIndex index;
    private final ScheduledThreadPoolExecutor timer;
    private final LongSupplier clock = System::currentTimeMillis;
    private final PushMetrics metrics;
    private final Duration drainBound;
    private volatile ExpirySweep sweep;

    private Webhooks(WebhookConfig config, WebhookStore store, PushMetrics metrics) {
        this.metrics = metrics;
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "push-webhooks");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        this.queue = new WebhookQueue(new WebhookPost(config.url(), config.timeout(), new WebhookSigner(config.secrets()), clock),
                timer, metrics, clock, config.queueSize(), config.batch(), config.maxRetry());
        this.transitions = store.transitions(config.offlineGrace(), queue, clock);
        this.index = store.expiryIndex((int) Math.min(Integer.MAX_VALUE, (long) config.queueSize() * TRACKED_PER_QUEUED));
        this.drainBound = config.timeout().compareTo(Duration.ofSeconds(2)) < 0 ? config.timeout() : Duration.ofSeconds(2);
        // a third of the grace, so token_offline comes at most a third late; checks at most every 50 ms, at least every 500
        long period = Math.max(50, Math.min(500, config.offlineGrace().toMillis() / 3));
        timer.scheduleWithFixedDelay(this::tick, period, period, TimeUnit.MILLISECONDS);
        metrics.gauge("pushserver.webhook.queue", "Webhook events waiting to be sent or in flight", queue, WebhookQueue::depth);
        log.info("webhooks to {} (offline grace {} ms, batch {} ms, retries for {} ms, queue {})", config.url(),
                config.offlineGrace().toMillis(), config.batch().toMillis(), config.maxRetry().toMillis(), config.queueSize());
    }

    /** Webhooks by {@code config} with their shared state in {@code store}, or {@link #off()} without WEBHOOK_URL. */
    public static Webhooks start(WebhookConfig config, WebhookStore store, PushMetrics metrics) {
        return config.enabled() ? new Webhooks(config, store, metrics) : off();
    }

    /** No webhooks: presence calls do nothing, the history is left as it is. */
    public static Webhooks off() {
        return new Webhooks();
    }

    private Webhooks() {
        this.queue = null;
        this.transitions = null;
        this.index = null;
        this.timer = null;
        this.metrics = null;
        this.drainBound = Duration.ZERO;
    }

    /** {@code history}, telling these webhooks of each inbox entry, so that its expiry gives {@code message_expired}. */
    public MessageLog tracking(MessageLog history) {
        if (queue == null) {
            return history;
        }
        this.sweep = new ExpirySweep(index, history, queue, clock);
        return new ExpiryTracking(history, index, metrics, clock);
    }

    @Override
    public void joined(String token) {
        if (transitions != null) {
            transitions.joined(token);
        }
    }

    @Override
    public void left(String token) {
        if (transitions != null) {
            transitions.left(token);
        }
    }

    private void tick() {
        try {
            transitions.tick();
            ExpirySweep s = sweep;
            if (s != null) {
                s.sweep();
            }
        } catch (RuntimeException e) { // a periodic task that throws is never run again
            log.warn("webhook checks: {}", e.toString(), e);
        }
    }

    /** Stops deciding events (a cluster node hands its tokens to the grace), then sends what waits, briefly. */
    @Override
    public void close() {
        if (queue == null) {
            return;
        }
        transitions.close();
        queue.close(drainBound);
        timer.shutdownNow();
    }
}
