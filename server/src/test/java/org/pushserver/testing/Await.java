package org.pushserver.testing;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * Waits, with a deadline, for a condition that no event announces (presence in Redis, a readiness probe, a port):
 * a background task re-checks it every few milliseconds and completes a future, which the test waits on.
 */
public final class Await {
    private static final Executor RECHECK = CompletableFuture.delayedExecutor(10, TimeUnit.MILLISECONDS);

    private Await() {
    }

    /** Returns how long {@code condition} took to hold; fails naming {@code what} after {@code timeout}. */
    public static Duration await(String what, Duration timeout, BooleanSupplier condition) {
        long start = System.nanoTime();
        CompletableFuture<Void> held = new CompletableFuture<>();
        check(condition, held);
        try {
            held.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("not within " + timeout + ": " + what);
        } catch (Exception e) {
            throw new AssertionError(what + ": " + (e.getCause() != null ? e.getCause() : e), e);
        } finally {
            held.cancel(false); // stops the re-checks after a timeout
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static void check(BooleanSupplier condition, CompletableFuture<Void> held) {
        if (held.isDone()) {
            return;
        }
        try {
            if (condition.getAsBoolean()) {
                held.complete(null);
                return;
            }
        } catch (RuntimeException | AssertionError e) { // a condition may assert (e.g. "the process is alive")
            held.completeExceptionally(e);
            return;
        }
        RECHECK.execute(() -> check(condition, held));
    }
}
