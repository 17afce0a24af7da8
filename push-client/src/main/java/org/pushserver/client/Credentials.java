package org.pushserver.client;

import java.net.http.HttpRequest;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * How a request proves its key: {@code Authorization: Bearer <key>}, or signed ({@code X-Timestamp},
 * {@code X-Signature}) so that the key never travels, or nothing (a server in protected mode, called from loopback).
 *
 * <p>The server refuses a signature it has seen, and its signature covers only the timestamp and the body: two
 * requests with the same body in the same second (every GET has an empty body) would be one signature. So each
 * signed request of this client gets a timestamp later than any earlier one with the same body, a few seconds ahead
 * of the clock at most (well within the server's skew, 5 minutes by default); beyond that the caller waits.
 */
final class Credentials {
    /** How far ahead of the clock a timestamp may be set to keep signatures unique. */
    static final long MAX_LEAD_SECONDS = 30;

    private final String bearerKey;
    private final String signingKey;
    private final Clock clock;
    /** Body digest to the last timestamp used with it; only entries at or after the current second are kept. */
    private final Map<String, Long> lastSecondByBody = new HashMap<>();

    private Credentials(String bearerKey, String signingKey, Clock clock) {
        this.bearerKey = bearerKey;
        this.signingKey = signingKey;
        this.clock = clock;
    }

    static Credentials bearer(String key) {
        return new Credentials(key, null, Clock.systemUTC());
    }

    static Credentials signing(String key, Clock clock) {
        return new Credentials(null, key, clock);
    }

    static Credentials none() {
        return new Credentials(null, null, Clock.systemUTC());
    }

    boolean signs() {
        return signingKey != null;
    }

    /**
     * Adds the headers to {@code request} for {@code body}; returns 0, or the milliseconds to wait before trying again
     * when this body was signed too often in the last seconds.
     */
    long apply(HttpRequest.Builder request, byte[] body) {
        if (bearerKey != null) {
            request.header("Authorization", "Bearer " + bearerKey);
        } else if (signingKey != null) {
            long nowMillis = clock.millis();
            long second = claimSecond(digest(body), nowMillis / 1000);
            if (second < 0) {
                return 1000 - nowMillis % 1000;
            }
            String timestamp = Long.toString(second);
            request.header("X-Timestamp", timestamp).header("X-Signature", Hmac.sign(signingKey, timestamp, body));
        }
        return 0;
    }

    /** A second not yet used with this body, or -1 when it would be too far ahead of {@code now}. */
    private synchronized long claimSecond(String body, long now) {
        for (Iterator<Long> it = lastSecondByBody.values().iterator(); it.hasNext(); ) {
            if (it.next() < now) {
                it.remove(); // any timestamp from now on is later: bounded by the requests of the last seconds
            }
        }
        Long last = lastSecondByBody.get(body);
        long second = last == null ? now : Math.max(now, last + 1);
        if (second > now + MAX_LEAD_SECONDS) {
            return -1;
        }
        lastSecondByBody.put(body, second);
        return second;
    }

    private static String digest(byte[] body) {
        try {
            return Hmac.hex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
