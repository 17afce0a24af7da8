package org.pushserver.cluster;

import org.junit.jupiter.api.Test;
import org.pushserver.delivery.DeliveryReport;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PendingDeliveryTest {
    private static final List<String> TOKENS = List.of("a", "b", "c", "d");

    private static PendingDelivery localReached(String... online) {
        List<String> on = List.of(online);
        return new PendingDelivery(TOKENS, DeliveryReport.of(on.size(), on, TOKENS.stream().filter(t -> !on.contains(t)).toList()));
    }

    @Test
    void reportsOfEveryAskedNodeMergeIntoOneClusterWideReport() {
        PendingDelivery p = localReached("a");
        p.expect(Map.of("n1", List.of("a", "b"), "n2", List.of("c")));
        assertFalse(p.result().isDone());

        p.reported("n1", 3, List.of("a", "b"), null);
        p.reported("n1", 3, List.of("a", "b"), null); // a duplicate report counts once
        p.reported("n2", 0, List.of(), null);

        DeliveryReport r = p.result().join();
        assertEquals(new DeliveryReport(4, List.of("a", "b"), List.of("c", "d"), List.of(), null), r);
        assertTrue(r.complete());
    }

    @Test
    void aTokenAwaitsAnAckOnlyWhenNoNodeWroteItToASocketWithoutAcks() {
        PendingDelivery p = new PendingDelivery(TOKENS,
                new DeliveryReport(2, List.of("a", "b"), List.of("c", "d"), List.of(), null, List.of("a")));
        p.expect(Map.of("n1", List.of("b", "c"), "n2", List.of("a", "d")));
        p.reported("n1", 2, List.of("b", "c"), List.of("b", "c")); // b was written here without acks: delivered
        p.reported("n2", 1, List.of("a"), List.of("a"));

        DeliveryReport r = p.result().join();
        assertEquals(List.of("a", "b", "c"), r.online());
        assertEquals(List.of("a", "c"), r.awaitingAck(), "reached only through sockets that ack");
    }

    @Test
    void withNoOtherHolderThePushCompletesAtOnce() {
        PendingDelivery p = localReached();
        p.expect(Map.of());
        assertEquals(DeliveryReport.of(0, List.of(), TOKENS), p.result().join());
    }

    @Test
    void aNodeThatDoesNotAnswerInTimeMakesOnlyItsTokensUndetermined() {
        PendingDelivery p = localReached("a");
        p.expect(Map.of("n1", List.of("b"), "n2", List.of("c", "a")));
        p.reported("n1", 1, List.of("b"), null);

        p.expire(2000);

        DeliveryReport r = p.result().join();
        assertEquals(List.of("a", "b"), r.online());
        assertEquals(List.of("c"), r.undetermined());
        assertEquals(List.of("d"), r.offline());
        assertEquals("node n2 did not answer within 2000 ms", r.error());
        assertEquals(2, r.sockets());
    }

    @Test
    void whenTheStoreCannotBeAskedEveryTokenNotFoundLocallyIsUndetermined() {
        PendingDelivery p = localReached("b");
        p.storeFailed("redis is unreachable");

        DeliveryReport r = p.result().join();
        assertEquals(List.of("b"), r.online());
        assertEquals(List.of("a", "c", "d"), r.undetermined());
        assertEquals(List.of(), r.offline());
        assertEquals("redis is unreachable", r.error());
    }

    @Test
    void theDeadlineBeforeTheLookupAnsweredCountsAsAStoreFailure() {
        PendingDelivery p = localReached();
        p.expire(1000);
        assertEquals("redis did not answer within 1000 ms", p.result().join().error());
        p.expect(Map.of("n1", List.of("a"))); // too late: changes nothing
        assertEquals(List.of(), p.result().join().online());
    }
}
