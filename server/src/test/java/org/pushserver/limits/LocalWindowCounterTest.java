package org.pushserver.limits;

import org.junit.jupiter.api.Test;
import org.pushserver.testing.Await;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalWindowCounterTest {
    private final LocalWindowCounter counter = new LocalWindowCounter();

    @Test
    void hitsOfOneKeyAreCountedWithinTheirWindowAndOtherKeysApart() {
        Duration minute = Duration.ofMinutes(1);
        assertEquals(1, counter.hitNow("a", minute).count());
        assertEquals(2, counter.hitNow("a", minute).count());
        WindowCounter.Hit third = counter.hitNow("a", minute);
        assertEquals(3, third.count());
        assertTrue(third.millisLeft() > 50_000 && third.millisLeft() <= 60_000, "left " + third.millisLeft());
        assertEquals(1, counter.hitNow("b", minute).count());
    }

    @Test
    void aClosedWindowStartsAgainFromOneAndIsSweptAway() {
        Duration short_ = Duration.ofMillis(100);
        counter.hitNow("k", short_);
        counter.hitNow("k", short_);
        Await.await("a new window", Duration.ofSeconds(5), () -> counter.hitNow("k", short_).count() == 1);
        Await.await("closed windows swept", Duration.ofSeconds(5), () -> {
            counter.hitNow("other", Duration.ofMinutes(1)); // sweeping happens on the way, at most once a second
            return counter.size() == 1;
        });
    }
}
