package org.pushserver.api;

import org.junit.jupiter.api.Test;
import org.pushserver.testing.Await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DrainTest {

    @Test
    void drainWaitsForRequestsInFlightAndRefusesNewPublishes() throws Exception {
        Drain drain = new Drain();
        drain.started();
        CompletableFuture<Boolean> drained = CompletableFuture.supplyAsync(() -> {
            try {
                return drain.drain(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Await.await("drain has begun", Duration.ofSeconds(10), drain::draining);
        assertFalse(drained.isDone(), "drain returned while a request was still in flight");
        drain.finished();
        assertTrue(drained.get(10, TimeUnit.SECONDS));
    }

    @Test
    void drainGivesUpAfterItsBound() throws Exception {
        Drain drain = new Drain();
        drain.started();
        assertFalse(drain.drain(Duration.ofMillis(50)));
    }
}
