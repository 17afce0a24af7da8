package org.pushserver.auth;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class ApiKeysTest {
    private static final String KEY = "0123456789abcdef-key-one";
    private static final String ROTATED = "0123456789abcdef-key-two";

    @Test
    void protectedModeAllowsOnlyLoopbackCallers() throws Exception {
        ApiKeys keys = new ApiKeys(List.of());
        assertEquals(ApiKeys.Verdict.ALLOWED, keys.verify(null, InetAddress.getByName("127.0.0.1")).verdict());
        assertEquals(ApiKeys.Verdict.ALLOWED, keys.verify(null, InetAddress.getByName("::1")).verdict());
        // An address object only: no traffic goes anywhere.
        assertEquals(ApiKeys.Verdict.NOT_LOOPBACK, keys.verify(null, InetAddress.getByAddress(new byte[] {10, 0, 0, 7})).verdict());
    }

    @Test
    void withKeysEveryCallerNeedsAValidBearerKey() throws Exception {
        ApiKeys keys = new ApiKeys(List.of(KEY, ROTATED));
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        assertEquals(ApiKeys.Verdict.MISSING_KEY, keys.verify(null, loopback).verdict());
        assertEquals(ApiKeys.Verdict.MISSING_KEY, keys.verify("Basic abc", loopback).verdict());
        assertEquals(ApiKeys.Verdict.WRONG_KEY, keys.verify("Bearer nope", loopback).verdict());
        assertEquals(ApiKeys.Verdict.ALLOWED, keys.verify("Bearer " + KEY, loopback).verdict());
        assertEquals(ApiKeys.Verdict.ALLOWED, keys.verify("bearer " + ROTATED, loopback).verdict());
    }

    @Test
    void eachKeyHasItsOwnFingerprintAndNeverItsSecret() throws Exception {
        ApiKeys keys = new ApiKeys(List.of(KEY, ROTATED));
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        String one = keys.verify("Bearer " + KEY, loopback).keyId();
        String two = keys.verify("Bearer " + ROTATED, loopback).keyId();
        assertEquals(8, one.length());
        assertNotEquals(one, two);
        assertFalse(KEY.contains(one) || ROTATED.contains(two));
    }

    @Test
    void replacingTheKeysRotatesThemAtOnce() throws Exception {
        ApiKeys keys = new ApiKeys(List.of(KEY));
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        keys.replace(List.of(ROTATED));
        assertEquals(ApiKeys.Verdict.WRONG_KEY, keys.verify("Bearer " + KEY, loopback).verdict());
        assertEquals(ApiKeys.Verdict.ALLOWED, keys.verify("Bearer " + ROTATED, loopback).verdict());
    }
}
