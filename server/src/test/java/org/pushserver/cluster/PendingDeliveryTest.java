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

        p.reported("n1", 3, List.of("a", "b"));
        p.reported("n1", 3, List.of("a", "b")); // a duplicate report counts once
        p.reported("n2", 0, List.of());

        DeliveryReport r = p.result().join();
        assertEquals(new DeliveryReport(4, List.of("a", "b"), List.of("c", "d"), List.of(), null), r);
        assertTrue(r.complete());
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
        p.reported("n1", 1, List.of("b"));

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
