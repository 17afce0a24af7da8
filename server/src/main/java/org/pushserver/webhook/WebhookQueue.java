package org.pushserver.webhook;

import org.pushserver.metrics.PushMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The events waiting to be POSTed or in flight: at most {@code WEBHOOK_QUEUE_SIZE} (beyond it new ones are dropped and counted),
 * sent in batches gathered for {@code WEBHOOK_BATCH_MS}. One batch is in flight at a time and a failed one is retried
 * (exponential backoff with jitter) before anything after it, so events reach the backend in the order they were
 * decided, per token and overall; after {@code WEBHOOK_MAX_RETRY_MS} the batch is dropped and counted. {@link #emit}
 * only appends under a short lock: the event loops never wait on the backend.
 */
public final class WebhookQueue implements WebhookEvents {
    private static final Logger log = LoggerFactory.getLogger(WebhookQueue.class);
    /** Events per POST at most, so one body stays small however long the backend was away. */
    static final int MAX_BATCH = 500;
    private static final long FIRST_RETRY_MS = 100;
    private static final long LONGEST_RETRY_MS = 30_000;

    private final WebhookPost post;
    private final ScheduledExecutorService timer;
    private final PushMetrics metrics;
    private final LongSupplier clock;
    private final int capacity;
    private final long batchMillis;
    private final long maxRetryMillis;
    private final ArrayDeque<WebhookEvent> waiting = new ArrayDeque<>(); // guarded by this
    private List<WebhookEvent> inFlight; // guarded by this: the batch being sent or retried
    private boolean flushScheduled; // guarded by this
    private boolean closed; // guarded by this
    private boolean overflowing; // guarded by this: logs the first drop of an overflow, not every one

    WebhookQueue(WebhookPost post, ScheduledExecutorService timer, PushMetrics metrics, LongSupplier clock, int capacity,
                 Duration batch, Duration maxRetry) {
        this.post = post;
        this.timer = timer;
        this.metrics = metrics;
        this.clock = clock;
        this.capacity = capacity;
        this.batchMillis = batch.toMillis();
        this.maxRetryMillis = maxRetry.toMillis();
    }

    @Override
    public void emit(WebhookEvent event) {
        boolean first;
        synchronized (this) {
            if (!closed && depth() < capacity) { // the batch in flight counts: all held stays within the bound
                overflowing = false;
                waiting.addLast(event);
                if (inFlight == null && !flushScheduled) {
                    flushScheduled = true;
                    schedule(this::flush, batchMillis);
                }
                return;
            }
            first = !overflowing;
            overflowing = true;
        }
        metrics.webhookEvents("dropped", "queue_full", 1);
        if (first) {
            log.warn("webhook {} token {} dropped: the queue is full ({} events) or closing; further drops are only counted",
                    event.name(), event.tokenId(), capacity);
        }
    }

    /** Events waiting or in flight: the queue-depth gauge. */
    public synchronized int depth() {
        return waiting.size() + (inFlight == null ? 0 : inFlight.size());
    }

    private void flush() {
        List<WebhookEvent> batch;
        synchronized (this) {
            flushScheduled = false;
            if (inFlight != null || waiting.isEmpty()) {
                return;
            }
            batch = new ArrayList<>(Math.min(MAX_BATCH, waiting.size()));
            while (batch.size() < MAX_BATCH && !waiting.isEmpty()) {
                batch.add(waiting.removeFirst());
            }
            inFlight = batch;
        }
        attempt(batch, post.body(batch), clock.getAsLong(), 0);
    }

    private void attempt(List<WebhookEvent> batch, byte[] body, long firstTry, int tries) {
        post.send(body).whenComplete((status, e) -> {
            if (e == null && status / 100 == 2) {
                metrics.webhookEvents("delivered", "none", batch.size());
                done();
                return;
            }
            String why = e != null ? reason(e) : "HTTP " + status;
            long delay = backoff(tries);
            if (clock.getAsLong() + delay - firstTry > maxRetryMillis) {
                metrics.webhookEvents("dropped", "retries_exhausted", batch.size());
                log.warn("webhook batch of {} events dropped after {} tries over {} ms: {}", batch.size(), tries + 1,
                        clock.getAsLong() - firstTry, why);
                done();
                return;
            }
            metrics.webhookEvents("retried", "none", batch.size());
            log.info("webhook batch of {} events failed ({}); retry {} in {} ms", batch.size(), why, tries + 1, delay);
            schedule(() -> attempt(batch, body, firstTry, tries + 1), delay);
        });
    }

    /** The batch in flight is settled: the next one goes at once (its events already waited at least the batch window). */
    private void done() {
        synchronized (this) {
            inFlight = null;
            notifyAll(); // a closing queue waits for this
            if (waiting.isEmpty() || flushScheduled) {
                return;
            }
            flushScheduled = true;
        }
        schedule(this::flush, 0);
    }

    /** 100 ms, doubling per try up to 30 s, each between half and all of it, so that nodes do not retry in step. */
    static long backoff(int tries) {
        long full = Math.min(LONGEST_RETRY_MS, FIRST_RETRY_MS << Math.min(tries, 20));
        return full / 2 + ThreadLocalRandom.current().nextLong(full / 2 + 1);
    }

    private void schedule(Runnable task, long delayMillis) {
        try {
            timer.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) { // the timer stopped: closing
            synchronized (this) {
                flushScheduled = false;
            }
        }
    }

    private static String reason(Throwable e) {
        Throwable c = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        return c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + c.getMessage());
    }

    /**
     * Takes no more events and waits up to {@code bound} for those waiting to be sent; what is left is dropped and
     * counted.
     */
    void close(Duration bound) {
        long end = System.nanoTime() + bound.toNanos();
        int left;
        synchronized (this) {
            closed = true;
            if (inFlight == null && !waiting.isEmpty() && !flushScheduled) {
                flushScheduled = true;
                schedule(this::flush, 0);
            }
            try {
                while (depth() > 0 && System.nanoTime() < end) {
                    wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            left = depth();
            waiting.clear();
        }
        if (left > 0) {
            metrics.webhookEvents("dropped", "shutdown", left);
            log.warn("webhooks: {} events not sent at shutdown", left);
        }
    }
}
