package org.pushserver.limits;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Counts events per key in fixed time windows: on this node ({@link LocalWindowCounter}) or across the cluster (the
 * cluster package's Redis counter). Rate limits read the count; the replay guard asks whether it is the first.
 */
public interface WindowCounter {

    /**
     * Counts one event for {@code key} in its current window of {@code window}; the first event of a key opens it.
     * Never fails: a counter that cannot reach its shared store counts locally instead.
     */
    CompletableFuture<Hit> hit(String key, Duration window);

    /**
     * @param count      events in the window so far, this one included
     * @param millisLeft until the window closes
     */
    record Hit(long count, long millisLeft) {
    }
}
