package org.pushserver.auth;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ApiKeysTest {
    private static final String KEY = "0123456789abcdef-key-one";
    private static final String ROTATED = "0123456789abcdef-key-two";

    @Test
    void protectedModeAllowsOnlyLoopbackCallers() throws Exception {
        ApiKeys keys = new ApiKeys(List.of());
        assertEquals(ApiKeys.Verdict.ALLOWED, keys.verify(null, InetAddress.getByName("127.0.0.1")));
        assertEquals(ApiKeys.Verdict.ALLOWED, keys.verify(null, InetAddress.getByName("::1")));
        // An address object only: no traffic goes anywhere.
        assertEquals(ApiKeys.Verdict.NOT_LOOPBACK, keys.verify(null, InetAddress.getByAddress(new byte[] {10, 0, 0, 7})));
    }

    @Test
    void withKeysEveryCallerNeedsAValidBearerKey() throws Exception {
        ApiKeys keys = new ApiKeys(List.of(KEY, ROTATED));
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        assertEquals(ApiKeys.Verdict.MISSING_KEY, keys.verify(null, loopback));
        assertEquals(ApiKeys.Verdict.MISSING_KEY, keys.verify("Basic abc", loopback));
        assertEquals(ApiKeys.Verdict.WRONG_KEY, keys.verify("Bearer nope", loopback));
        assertEquals(ApiKeys.Verdict.ALLOWED, keys.verify("Bearer " + KEY, loopback));
        assertEquals(ApiKeys.Verdict.ALLOWED, keys.verify("bearer " + ROTATED, loopback));
    }
}
