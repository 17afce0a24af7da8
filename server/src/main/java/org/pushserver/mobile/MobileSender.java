package org.pushserver.mobile;

import org.pushserver.config.mobile.MobileConfig;
import org.pushserver.metrics.PushMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Sends notifications to devices through their providers, off every event loop: at most {@code MOBILE_QUEUE_SIZE}
 * sends are held at once (waiting, in flight or waiting to retry), run by a small scheduled pool. A transient failure
 * is retried with exponential backoff and full jitter, never sooner than the provider's {@code Retry-After}, at most
 * {@code MOBILE_MAX_ATTEMPTS} attempts within {@code MOBILE_MAX_RETRY_MS}; nothing sleeps, a retry is a scheduled task.
 * A device reported gone is removed from the registry.
 */
public final class MobileSender implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MobileSender.class);
    /** The first retry's delay; each next one doubles it. */
    static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    /** An attempt the provider has not answered by then is retried: a future that never completes must not hold a slot. */
    static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(30);

    private final Map<Platform, MobileProvider> providers;
    private final DeviceRegistry registry;
    private final MobileConfig config;
    private final PushMetrics metrics;
    private final AtomicInteger held = new AtomicInteger();
    private final ScheduledThreadPoolExecutor workers;

    public MobileSender(Map<Platform, MobileProvider> providers, DeviceRegistry registry, MobileConfig config, PushMetrics metrics) {
        this.providers = Map.copyOf(providers);
        this.registry = registry;
        this.config = config;
        this.metrics = metrics;
        AtomicInteger n = new AtomicInteger();
        this.workers = new ScheduledThreadPoolExecutor(2, r -> {
            Thread t = new Thread(r, "push-mobile-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Whether {@code platform} has a provider. */
    public boolean serves(Platform platform) {
        return providers.containsKey(platform);
    }

    /**
     * Queues one send; false when the queue is full (nothing is sent, {@code done} is not called). {@code done} gets
     * the final outcome once: {@code SENT}, {@code GONE} or {@code FAILED} (retries used up).
     */
    public boolean offer(Device device, MobilePush push, Consumer<SendResult.Outcome> done) {
        MobileProvider provider = providers.get(device.platform());
        if (provider == null || held.incrementAndGet() > config.queueSize()) {
            if (provider != null) {
                held.decrementAndGet();
            }
            return false;
        }
        Send send = new Send(provider, device, push, done, System.nanoTime());
        try {
            workers.execute(() -> attempt(send));
        } catch (RuntimeException e) { // closed
            held.decrementAndGet();
            return false;
        }
        return true;
    }

    /** Sends held now: waiting, in flight, or waiting to retry. */
    public int depth() {
        return held.get();
    }

    private void attempt(Send s) {
        s.attempts++;
        CompletableFuture<SendResult> answer;
        try {
            answer = s.provider.send(s.device, s.push);
        } catch (RuntimeException e) { // the contract says never; a provider's bug must not lose the slot
            answer = CompletableFuture.completedFuture(new SendResult(SendResult.Outcome.RETRY, null, "error: " + e));
        }
        answer.orTimeout(ATTEMPT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .exceptionally(e -> new SendResult(SendResult.Outcome.RETRY, null, "no answer: " + e))
                .thenAcceptAsync(r -> answered(s, r), workers)
                .exceptionally(e -> { // the pool is closed: give the slot back
                    finish(s, SendResult.Outcome.FAILED);
                    return null;
                });
    }

    private void answered(Send s, SendResult r) {
        String platform = s.device.platform().value();
        metrics.mobileSend(platform, r.outcome().name().toLowerCase());
        switch (r.outcome()) {
            case SENT -> finish(s, r.outcome());
            case GONE -> {
                log.info("mobile device gone token={} platform={} reason={}: removed", s.device.tokenId(), platform, r.reason());
                metrics.deviceRemoved(platform);
                registry.remove(s.device).exceptionally(e -> false);
                finish(s, r.outcome());
            }
            case FAILED -> {
                log.warn("mobile send failed token={} platform={} reason={}", s.device.tokenId(), platform, r.reason());
                finish(s, r.outcome());
            }
            case RETRY -> retry(s, r, platform);
        }
    }

    private void retry(Send s, SendResult r, String platform) {
        long backoff = FIRST_BACKOFF.toMillis() << Math.min(s.attempts - 1, 20);
        long delay = backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1);
        if (r.retryAfter() != null) {
            delay = Math.max(delay, r.retryAfter().toMillis());
        }
        long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - s.startNanos);
        if (s.attempts >= config.maxAttempts() || elapsed + delay > config.maxRetry().toMillis()) {
            log.warn("mobile send failed token={} platform={} reason={} after {} attempts in {} ms", s.device.tokenId(),
                    platform, r.reason(), s.attempts, elapsed);
            finish(s, SendResult.Outcome.FAILED);
            return;
        }
        log.debug("mobile send retry token={} platform={} reason={} in {} ms", s.device.tokenId(), platform, r.reason(), delay);
        try {
            workers.schedule(() -> attempt(s), delay, TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) { // closed
            finish(s, SendResult.Outcome.FAILED);
        }
    }

    private void finish(Send s, SendResult.Outcome outcome) {
        if (!s.finished) {
            s.finished = true;
            held.decrementAndGet();
            s.done.accept(outcome);
        }
    }

    /** Stops the workers; sends still held are dropped. */
    @Override
    public void close() {
        workers.shutdownNow();
    }

    /** One notification to one device, across its attempts; touched by one task at a time. */
    private static final class Send {
        final MobileProvider provider;
        final Device device;
        final MobilePush push;
        final Consumer<SendResult.Outcome> done;
        final long startNanos;
        volatile int attempts;
        volatile boolean finished;

        Send(MobileProvider provider, Device device, MobilePush push, Consumer<SendResult.Outcome> done, long startNanos) {
            this.provider = provider;
            this.device = device;
            this.push = push;
            this.done = done;
            this.startNanos = startNanos;
        }
    }
}
