package org.pushserver.history;

import org.junit.jupiter.api.Test;
import org.pushserver.config.HistoryConfig;
import org.pushserver.delivery.DeliveryReport;
import org.pushserver.delivery.PushMessage;
import org.pushserver.metrics.PushMetrics;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The in-memory history's rules with a clock the test moves: ages, all-or-nothing answers, fates over time. */
class InMemoryHistoryTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final PushMetrics metrics = new PushMetrics();

    private InMemoryHistory history(int size) {
        return new InMemoryHistory(new HistoryConfig(size, Duration.ofSeconds(60), 8 * 1024 * 1024, 3600, 100,
                Duration.ofHours(24), 1000), metrics, now::get);
    }

    private static String push(InMemoryHistory h, String token) throws Exception {
        return h.append(List.of(token), new PushMessage("n", "{}")).get().id();
    }

    @Test
    void messagesOlderThanTheTtlAreDroppedAndAGapIntoThemIsNotRecoverable() throws Exception {
        InMemoryHistory h = history(10);
        String first = push(h, "a");
        String second = push(h, "a");
        now.addAndGet(30_000);
        String third = push(h, "a");
        now.addAndGet(40_000); // first and second are 70 s old, third 40 s
        assertEquals(Recovery.Outcome.NOT_RECOVERABLE, h.since("a", first, 100).get().outcome(), "second expired unseen");
        Recovery fromSecond = h.since("a", second, 100).get();
        assertTrue(fromSecond.recovered(), "the last dropped id still covers what follows: " + fromSecond.reason());
        assertEquals(List.of(third), fromSecond.messages().stream().map(StoredMessage::id).toList());
        now.addAndGet(30_000);
        Recovery quiet = h.since("a", third, 100).get();
        assertTrue(quiet.recovered() && quiet.messages().isEmpty(), "the log still knows nothing came after the last id");
        push(h, "b"); // releases what expired, and with it a's empty log
        assertEquals(Recovery.Outcome.NOT_RECOVERABLE, h.since("a", third, 100).get().outcome(),
                "a's history is gone: whether something expired unseen cannot be told");
    }

    @Test
    void anotherTokensIdIsRefusedWhereTheHistoryCanTell() throws Exception {
        InMemoryHistory h = history(10);
        String other = push(h, "b");
        String own = push(h, "a");
        assertEquals(Recovery.Outcome.NOT_RECOVERABLE, h.since("c", other, 100).get().outcome(), "c has no history");
        assertEquals(Recovery.Outcome.NOT_RECOVERABLE, h.since("a", other, 100).get().outcome(),
                "an id just before a's history began may be another token's: an offset from another session recovers nothing");
        assertEquals(List.of(), h.since("a", own, 100).get().messages(), "a's own id is a position");
        String later = push(h, "b");
        assertEquals(Recovery.Outcome.INVALID, h.since("a", later, 100).get().outcome(), "within a's history, not a's");
    }

    @Test
    void aPendingFateExpiresWithItsTtlAndADeliveredOneStays() throws Exception {
        InMemoryHistory h = history(0);
        Accepted m = h.append(List.of("a", "b"), new PushMessage("n", "{}")).get();
        Settled s = h.settle(m, List.of("a", "b"), DeliveryReport.of(0, List.of(), List.of("a", "b")), Duration.ofSeconds(10)).get();
        assertEquals(List.of("a", "b"), s.queued());
        assertEquals(1, h.takeInbox("b").get().size());
        h.delivered(m.id(), "b");
        now.addAndGet(10_000);
        Fate fate = h.fate(m.id()).get().orElseThrow();
        assertEquals("expired", fate.tokens().get("a"));
        assertEquals("delivered", fate.tokens().get("b"));
        assertEquals(List.of(), h.takeInbox("a").get());
        now.addAndGet(59_999);
        assertEquals("expired", h.fate(m.id()).get().orElseThrow().tokens().get("a"), "readable one history TTL past the ttl");
        now.addAndGet(1);
        assertFalse(h.fate(m.id()).get().isPresent(), "then forgotten");
        assertEquals(0, h.held().messages());
    }

    @Test
    void malformedIdsAreInvalidAndIdsOfAnotherStoreAreNotRecoverable() throws Exception {
        InMemoryHistory h = history(10);
        push(h, "a");
        for (String bad : List.of("", "x", "-1", "abc-", "abc-0", "abc--1", "ABC-1", "abc-1.5", "a".repeat(70) + "-1")) {
            assertEquals(Recovery.Outcome.INVALID, h.since("a", bad, 10).get().outcome(), bad);
        }
        assertEquals(Recovery.Outcome.NOT_RECOVERABLE, h.since("a", "zzzzzzzzzz-1", 10).get().outcome());
    }
}
