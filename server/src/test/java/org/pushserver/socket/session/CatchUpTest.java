package org.pushserver.socket.session;

import org.junit.jupiter.api.Test;
import org.pushserver.delivery.PushMessage;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CatchUpTest {
    private static PushMessage push(long seq) {
        return new PushMessage("t", "{}", "abc-" + seq);
    }

    @Test
    void livePushesHeldDuringAReplayFollowItAndThoseItReplayedAreNotWrittenAgain() {
        CatchUp catchUp = new CatchUp();
        catchUp.begin();
        assertTrue(catchUp.intercept(push(2)));
        assertTrue(catchUp.intercept(push(3)));
        catchUp.replayed("abc-2");
        List<String> written = new ArrayList<>();
        assertTrue(catchUp.finish(m -> written.add(m.id())));
        assertEquals(List.of("abc-3"), written);
        assertTrue(catchUp.intercept(push(1)), "older than the replay: not written again");
        assertFalse(catchUp.intercept(push(4)));
    }

    @Test
    void overlappingReplaysKeepWhatTheFirstHeldUntilTheLastFinishes() {
        CatchUp catchUp = new CatchUp();
        catchUp.begin(); // a recovered session's replay
        assertTrue(catchUp.intercept(push(5)));
        catchUp.begin(); // the login its client sends on "connect"
        assertTrue(catchUp.intercept(push(6)));
        List<String> written = new ArrayList<>();
        assertTrue(catchUp.finish(m -> written.add(m.id())));
        assertEquals(List.of(), written, "the first replay is not over yet");
        assertTrue(catchUp.intercept(push(7)));
        assertTrue(catchUp.finish(m -> written.add(m.id())));
        assertEquals(List.of("abc-5", "abc-6", "abc-7"), written);
        assertFalse(catchUp.intercept(push(8)));
    }

    @Test
    void messagesMarkedReplayedBeforeTheirReplayAreCoveredForALoginThatComesFirst() {
        CatchUp catchUp = new CatchUp();
        catchUp.replayed("abc-9");
        assertTrue(catchUp.covers("abc-9"));
        assertTrue(catchUp.covers("abc-3"));
        assertFalse(catchUp.covers("abc-10"));
        assertFalse(catchUp.covers("other-3"), "another epoch is another history");
    }
}
