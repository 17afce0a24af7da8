package org.pushserver.webhook;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** One node's transitions on a clock the test moves: the grace, a reload within it, and nothing kept after. */
class LocalPresenceTransitionsTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final List<String> events = new ArrayList<>();
    private final LocalPresenceTransitions transitions = new LocalPresenceTransitions(Duration.ofMillis(300),
            e -> events.add(e.name() + ":" + e.tokenId() + "@" + e.timeMs()), now::get);

    @Test
    void theFirstSocketGivesOnlineAndTheLastGivesOfflineOnlyOnceTheGracePassed() {
        transitions.joined("u");
        transitions.joined("u");
        transitions.left("u");
        transitions.left("u");
        now.addAndGet(299);
        transitions.tick();
        assertEquals(List.of("token_online:u@1000"), events, "still within the grace");
        now.addAndGet(1);
        transitions.tick();
        transitions.tick();
        assertEquals(List.of("token_online:u@1000", "token_offline:u@1300"), events);
        assertEquals(0, transitions.size(), "nothing kept for a token offline");
    }

    @Test
    void aSocketBackWithinTheGraceGivesNoPairAndTheGraceStartsAgainFromTheNextLastSocket() {
        transitions.joined("u");
        transitions.left("u");
        now.addAndGet(200);
        transitions.joined("u"); // the reload
        now.addAndGet(200);
        transitions.tick();
        assertEquals(List.of("token_online:u@1000"), events);
        transitions.left("u");
        now.addAndGet(299);
        transitions.tick();
        assertEquals(1, events.size());
        now.addAndGet(1);
        transitions.tick();
        assertEquals(List.of("token_online:u@1000", "token_offline:u@1700"), events);
    }

    @Test
    void aLeftWithoutAJoinAndCallsAfterCloseChangeNothing() {
        transitions.left("never");
        transitions.close();
        transitions.joined("u");
        now.addAndGet(1000);
        transitions.tick();
        assertEquals(List.of(), events);
        assertEquals(0, transitions.size());
    }
}
