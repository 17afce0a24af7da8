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

/** How the in-memory history keeps a message written only to sockets that ack, with a clock the test moves. */
class InMemoryHistoryAcksTest {
    private final AtomicLong now = new AtomicLong(1_000_000);

    private InMemoryHistory history(int size) {
        return new InMemoryHistory(new HistoryConfig(size, Duration.ofSeconds(60), 8 * 1024 * 1024, 3600, 100,
                Duration.ofHours(24), 1000), new PushMetrics(), now::get);
    }

    private static DeliveryReport awaitingAck(String token) {
        return new DeliveryReport(1, List.of(token), List.of(), List.of(), null, List.of(token));
    }

    private static String state(InMemoryHistory h, String id, String token) throws Exception {
        return h.fate(id).get().orElseThrow().tokens().get(token);
    }

    private static List<String> ids(List<StoredMessage> messages) {
        return messages.stream().map(StoredMessage::id).toList();
    }

    @Test
    void aTokenReachedOnlyThroughSocketsThatAckIsPendingAndQueuedUntilTheAck() throws Exception {
        for (int size : new int[] {10, 0}) { // with history, and without (only the ttl keeps a fate then)
            InMemoryHistory h = history(size);
            Accepted m = h.append(List.of("a"), new PushMessage("n", "{}")).get();
            Settled settled = h.settle(m, List.of("a"), awaitingAck("a"), Duration.ofSeconds(30)).get();
            assertEquals(List.of("a"), settled.queued(), "queued, so that a next login gets it again");
            assertEquals("pending", state(h, m.id(), "a"));
            assertEquals(List.of(m.id()), ids(h.inbox("a").get()), "read at a login of a socket that acks");
            assertEquals(List.of(m.id()), ids(h.inbox("a").get()), "and left in place until acked");

            h.delivered(m.id(), "a"); // the ack
            assertEquals("delivered", state(h, m.id(), "a"));
            assertEquals(List.of(), h.takeInbox("a").get(), "an acked message is not delivered again");
        }
    }

    @Test
    void withoutATtlAnUnackedMessageStaysPendingAndIsNotQueued() throws Exception {
        InMemoryHistory h = history(10);
        Accepted m = h.append(List.of("a"), new PushMessage("n", "{}")).get();
        assertEquals(List.of(), h.settle(m, List.of("a"), awaitingAck("a"), Duration.ZERO).get().queued());
        now.addAndGet(50_000);
        assertEquals("pending", state(h, m.id(), "a"), "no ttl to pass: it waits for the ack, not expired");
        assertEquals(List.of(), h.inbox("a").get());
    }

    @Test
    void anAckThatComesBeforeTheSettleIsNotUndoneByIt() throws Exception {
        InMemoryHistory h = history(10);
        Accepted m = h.append(List.of("a"), new PushMessage("n", "{}")).get();
        h.delivered(m.id(), "a");
        assertEquals(List.of(), h.settle(m, List.of("a"), awaitingAck("a"), Duration.ofSeconds(30)).get().queued());
        assertEquals("delivered", state(h, m.id(), "a"));
        assertEquals(List.of(), h.takeInbox("a").get());
    }

    @Test
    void anUnackedMessageWhoseTtlPassedIsExpiredAndNoLongerHandedOut() throws Exception {
        InMemoryHistory h = history(10);
        Accepted m = h.append(List.of("a"), new PushMessage("n", "{}")).get();
        h.settle(m, List.of("a"), awaitingAck("a"), Duration.ofSeconds(5)).get();
        now.addAndGet(6_000);
        assertEquals("expired", state(h, m.id(), "a"));
        assertEquals(List.of(), h.inbox("a").get());
    }
}
