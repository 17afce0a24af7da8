package org.pushserver.auth;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** LOGIN_AUTH=none: the credential is the token id, normalised as Token does. */
class TrustedLoginTest {
    private final TrustedLogin login = new TrustedLogin();

    @Test
    void theTokenIdIsTheRoomAsSent() {
        assertEquals(LoginVerdict.accepted("u-17"), login.verify(" u-17 ").join());
        assertEquals(LoginVerdict.accepted("17"), login.verify("17").join());
    }

    @Test
    void aTokenIdLongerThanTokenAllowsIsRefusedWithTheUsualMessage() {
        assertEquals(LoginRefusal.BAD_TOKEN_ID.verdict(), login.verify("x".repeat(257)).join());
    }

    @Test
    void reasonsMapToTheirFixedMetricTagsAndAnythingElseToOther() {
        assertEquals(LoginRefusal.EXPIRED, LoginRefusal.of("token expired"));
        assertEquals("other", LoginRefusal.of("the backend said no, user 123").tag());
    }
}
