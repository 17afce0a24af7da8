package org.pushserver.limits;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenBucketTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void aFullBucketAllowsOneSecondsWorthAtOnceThenRefuses() {
        TokenBucket bucket = new TokenBucket(3, 0);
        assertTrue(bucket.take(0));
        assertTrue(bucket.take(0));
        assertTrue(bucket.take(0));
        assertFalse(bucket.take(0));
    }

    @Test
    void itRefillsAtItsRateAndNeverHoldsMoreThanOneSecondsWorth() {
        TokenBucket bucket = new TokenBucket(2, 0);
        assertTrue(bucket.take(0));
        assertTrue(bucket.take(0));
        assertFalse(bucket.take(SECOND / 4), "half a token after a quarter second");
        assertTrue(bucket.take(SECOND / 2), "one token after half a second");
        assertFalse(bucket.take(SECOND / 2));
        long muchLater = 100 * SECOND;
        assertTrue(bucket.take(muchLater));
        assertTrue(bucket.take(muchLater));
        assertFalse(bucket.take(muchLater), "an idle minute saves no more than the burst");
    }

    @Test
    void aClockThatGoesBackRefillsNothing() {
        TokenBucket bucket = new TokenBucket(1, 10 * SECOND);
        assertTrue(bucket.take(10 * SECOND));
        assertFalse(bucket.take(5 * SECOND));
    }

    @Test
    void aRateBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(0, 0));
    }
}
