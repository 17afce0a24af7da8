package org.pushserver.socket.session;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One socket's login state: the latest attempt, the refusals, the per-minute allowance. */
class SocketLoginTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void aLaterAttemptSupersedesAnEarlierOne() {
        SocketLogin login = new SocketLogin(30, 0);
        long first = login.begin();
        long second = login.begin();
        assertFalse(login.isLatest(first));
        assertTrue(login.isLatest(second));
    }

    @Test
    void theMinuteAllowanceIsUsedUpThenRefillsContinuously() {
        SocketLogin login = new SocketLogin(60, 0); // one per second
        for (int i = 0; i < 60; i++) {
            assertTrue(login.allowAttempt(0), "attempt " + i);
        }
        assertFalse(login.allowAttempt(0));
        assertFalse(login.allowAttempt(SECOND / 2), "half a second refills half an attempt");
        assertTrue(login.allowAttempt(SECOND + SECOND / 2));
        assertFalse(login.allowAttempt(SECOND + SECOND / 2));
        assertTrue(login.allowAttempt(3600 * SECOND), "an hour later");
    }

    @Test
    void refusedAttemptsDoNotUseTheAllowance() {
        SocketLogin login = new SocketLogin(1, 0);
        assertTrue(login.allowAttempt(0));
        for (int i = 0; i < 100; i++) {
            assertFalse(login.allowAttempt(i * SECOND / 1000));
        }
        assertTrue(login.allowAttempt(60 * SECOND), "a minute after the last allowed one");
    }

    @Test
    void refusalsAreCounted() {
        SocketLogin login = new SocketLogin(30, 0);
        assertEquals(1, login.refused());
        assertEquals(2, login.refused());
    }
}
