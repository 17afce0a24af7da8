package org.pushserver.auth;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * Who may publish. With keys configured, a request must carry {@code Authorization: Bearer <key>} matching one of
 * them (several, so a key can be rotated). With none, protected mode: only loopback callers may publish, as Redis does.
 */
public final class ApiKeys {
    /** The outcome of a check. */
    public enum Verdict { ALLOWED, MISSING_KEY, WRONG_KEY, NOT_LOOPBACK }

    private static final String BEARER = "bearer ";
    private final List<byte[]> keyDigests;

    public ApiKeys(List<String> keys) {
        this.keyDigests = keys.stream().map(ApiKeys::digest).toList();
    }

    /** True when no key is configured and publishing is limited to loopback. */
    public boolean protectedMode() {
        return keyDigests.isEmpty();
    }

    public Verdict verify(String authorization, InetAddress caller) {
        if (protectedMode()) {
            return caller != null && caller.isLoopbackAddress() ? Verdict.ALLOWED : Verdict.NOT_LOOPBACK;
        }
        if (authorization == null || authorization.length() <= BEARER.length()
                || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Verdict.MISSING_KEY;
        }
        // Digests have one length whatever the key's, and every configured key is compared: no timing tells which.
        byte[] given = digest(authorization.substring(BEARER.length()).trim());
        boolean match = false;
        for (byte[] key : keyDigests) {
            match |= MessageDigest.isEqual(key, given);
        }
        return match ? Verdict.ALLOWED : Verdict.WRONG_KEY;
    }

    private static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
