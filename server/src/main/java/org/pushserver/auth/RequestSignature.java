package org.pushserver.auth;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Signed requests, for backends that must not send a secret over the wire: {@code X-Timestamp: <Unix seconds>} and
 * {@code X-Signature: sha256=<hex HMAC-SHA256 of timestamp + "." + raw body>}, keyed with any configured API key.
 * This class checks the signature and the clock; refusing a signature already used (replay) is the caller's part,
 * since it needs the store shared by the cluster.
 */
public final class RequestSignature {
    /** The outcome of a check. */
    public enum Verdict { VALID, MALFORMED, STALE, WRONG }

    /**
     * @param keyId     the fingerprint of the key that signed, when valid
     * @param signature the lower-case hex signature, when valid: the identity a replay check remembers
     * @param remember  how long a replay check must remember it: until its timestamp is no longer accepted
     */
    public record Result(Verdict verdict, String keyId, String signature, Duration remember) {
        static Result refused(Verdict verdict) {
            return new Result(verdict, null, null, Duration.ZERO);
        }
    }

    private static final String PREFIX = "sha256=";
    private static final long MAX_SECONDS = 100_000_000_000L; // year 5138
    private final ApiKeys keys;
    private final Duration maxSkew;

    public RequestSignature(ApiKeys keys, Duration maxSkew) {
        this.keys = keys;
        this.maxSkew = maxSkew;
    }

    /** Checks {@code X-Timestamp} and {@code X-Signature} over {@code body} at {@code nowMillis}. */
    public Result verify(String timestamp, String signature, byte[] body, long nowMillis) {
        long seconds;
        byte[] given;
        try {
            seconds = Long.parseLong(timestamp == null ? "" : timestamp.trim());
            if (seconds < 0 || seconds > MAX_SECONDS) { // keeps the arithmetic below far from overflow
                return Result.refused(Verdict.MALFORMED);
            }
            String hex = signature == null ? "" : signature.trim();
            if (!hex.regionMatches(true, 0, PREFIX, 0, PREFIX.length()) || hex.length() != PREFIX.length() + 64) {
                return Result.refused(Verdict.MALFORMED);
            }
            given = HexFormat.of().parseHex(hex.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) { // not a number, not hex
            return Result.refused(Verdict.MALFORMED);
        }
        long acceptedUntilMillis = (seconds + maxSkew.toSeconds() + 1) * 1000;
        if (Math.abs(nowMillis / 1000 - seconds) > maxSkew.toSeconds()) {
            return Result.refused(Verdict.STALE);
        }
        byte[] message = message(timestamp.trim(), body);
        ApiKeys.Key match = null;
        for (ApiKeys.Key key : keys.current()) { // every key, so timing does not tell which matched
            if (MessageDigest.isEqual(hmac(key.secret(), message), given)) {
                match = key;
            }
        }
        return match == null ? Result.refused(Verdict.WRONG) : new Result(Verdict.VALID, match.id(),
                HexFormat.of().formatHex(given), Duration.ofMillis(Math.max(1000, acceptedUntilMillis - nowMillis)));
    }

    /** The signature a backend sends for {@code body} at {@code timestamp}, with {@code key}. */
    public static String sign(String key, String timestamp, byte[] body) {
        return PREFIX + HexFormat.of().formatHex(hmac(key.getBytes(StandardCharsets.UTF_8), message(timestamp, body)));
    }

    private static byte[] message(String timestamp, byte[] body) {
        byte[] prefix = (timestamp + ".").getBytes(StandardCharsets.US_ASCII);
        byte[] message = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, message, 0, prefix.length);
        System.arraycopy(body, 0, message, prefix.length, body.length);
        return message;
    }

    private static byte[] hmac(byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
