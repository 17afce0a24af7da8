package org.pushserver.api;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Graceful stop: refuses new publishes once draining, and lets the server wait for requests in flight. */
public final class Drain {
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Object lock = new Object();
    private volatile boolean draining;

    void started() {
        inFlight.incrementAndGet();
    }

    void finished() {
        if (inFlight.decrementAndGet() == 0) {
            synchronized (lock) {
                lock.notifyAll();
            }
        }
    }

    public boolean draining() {
        return draining;
    }

    /** Refuses new publishes, then waits up to {@code timeout} for requests in flight; true when none is left. */
    public boolean drain(Duration timeout) throws InterruptedException {
        draining = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (inFlight.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
        }
        return true;
    }
}
