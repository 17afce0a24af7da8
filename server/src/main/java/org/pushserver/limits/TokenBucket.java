package org.pushserver.limits;

/**
 * A token bucket for one holder (e.g. one socket): {@code perSecond} tokens refilled continuously, at most
 * {@code perSecond} kept, so a holder may burst one second's worth and then keeps to the rate. Kept in the holder's
 * own state, it goes when the holder goes. Thread-safe; times are {@link System#nanoTime()} values.
 */
public final class TokenBucket {
    private static final double NANOS_PER_SECOND = 1e9;

    private final int perSecond;
    private double tokens;
    private long refilledAt;

    public TokenBucket(int perSecond, long now) {
        if (perSecond < 1) {
            throw new IllegalArgumentException("perSecond must be at least 1, got " + perSecond);
        }
        this.perSecond = perSecond;
        this.tokens = perSecond;
        this.refilledAt = now;
    }

    /** Takes one token; false when none is left (the caller refuses what it was for). */
    public synchronized boolean take(long now) {
        tokens = Math.min(perSecond, tokens + Math.max(0, now - refilledAt) * perSecond / NANOS_PER_SECOND);
        refilledAt = now;
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }
}
