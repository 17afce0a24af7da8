package org.pushserver.auth;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Who may call a keyed route. With keys configured, a request must carry {@code Authorization: Bearer <key>} matching
 * one of them, or be signed with one (see {@link RequestSignature}). With none, protected mode: only loopback callers
 * are let in, as Redis does. Several keys are valid at once and {@link #replace} swaps the set atomically, so a key is
 * rotated without downtime: add the new one, move the backends, remove the old one.
 */
public final class ApiKeys {
    /** The outcome of a check. */
    public enum Verdict { ALLOWED, MISSING_KEY, WRONG_KEY, NOT_LOOPBACK }

    /**
     * The outcome of a check and, when allowed, which key let the caller in.
     *
     * @param keyId a short public fingerprint of the key ({@code loopback} in protected mode), for limits and logs
     */
    public record Result(Verdict verdict, String keyId) {
        static Result refused(Verdict verdict) {
            return new Result(verdict, null);
        }
    }

    /** A configured key: its fingerprint, the SHA-256 of it (for bearer checks) and its bytes (for signatures). */
    record Key(String id, byte[] digest, byte[] secret) {
    }

    private static final String BEARER = "bearer ";
    private static final String LOOPBACK = "loopback";
    private volatile List<Key> keys;

    public ApiKeys(List<String> keys) {
        replace(keys);
    }

    /** Makes {@code keys} the valid set from now on (rotation). */
    public void replace(List<String> keys) {
        this.keys = keys.stream().map(ApiKeys::key).toList();
    }

    /** True when no key is configured and only loopback callers are let in. */
    public boolean protectedMode() {
        return keys.isEmpty();
    }

    /** How many keys are valid now. */
    public int size() {
        return keys.size();
    }

    /** Checks an {@code Authorization} header (or, in protected mode, the caller's address). */
    public Result verify(String authorization, InetAddress caller) {
        List<Key> current = keys;
        if (current.isEmpty()) {
            return caller != null && caller.isLoopbackAddress() ? new Result(Verdict.ALLOWED, LOOPBACK) : Result.refused(Verdict.NOT_LOOPBACK);
        }
        if (authorization == null || authorization.length() <= BEARER.length()
                || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Result.refused(Verdict.MISSING_KEY);
        }
        // Digests have one length whatever the key's, and every configured key is compared: no timing tells which.
        byte[] given = sha256(authorization.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8));
        Key match = null;
        for (Key key : current) {
            if (MessageDigest.isEqual(key.digest(), given)) {
                match = key;
            }
        }
        return match != null ? new Result(Verdict.ALLOWED, match.id()) : Result.refused(Verdict.WRONG_KEY);
    }

    /** The keys valid now, for signature checks. */
    List<Key> current() {
        return keys;
    }

    private static Key key(String secret) {
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        byte[] digest = sha256(bytes);
        return new Key(HexFormat.of().formatHex(digest, 0, 4), digest, bytes);
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
