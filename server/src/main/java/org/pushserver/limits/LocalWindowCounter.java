package org.pushserver.limits;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Window counts in this node's memory. Closed windows are swept on the way, at most once a second, so the map holds
 * only keys seen within their window (the replay guard's signatures: as many as requests in HMAC_MAX_SKEW_MS × 2).
 */
public final class LocalWindowCounter implements WindowCounter {
    private record Window(long endsAtMillis, AtomicLong count) {
    }

    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();
    private final AtomicLong nextSweepMillis = new AtomicLong();

    @Override
    public CompletableFuture<Hit> hit(String key, Duration window) {
        return CompletableFuture.completedFuture(hitNow(key, window));
    }

    /** The same as {@link #hit}, answered at once. */
    public Hit hitNow(String key, Duration window) {
        long now = System.currentTimeMillis();
        sweep(now);
        Window w = windows.compute(key, (k, old) -> old == null || old.endsAtMillis() <= now
                ? new Window(now + window.toMillis(), new AtomicLong()) : old);
        return new Hit(w.count().incrementAndGet(), Math.max(0, w.endsAtMillis() - now));
    }

    private void sweep(long now) {
        long next = nextSweepMillis.get();
        if (now >= next && nextSweepMillis.compareAndSet(next, now + 1000)) {
            windows.values().removeIf(w -> w.endsAtMillis() <= now);
        }
    }

    /** Keys currently counted (for tests and metrics). */
    public int size() {
        return windows.size();
    }
}
