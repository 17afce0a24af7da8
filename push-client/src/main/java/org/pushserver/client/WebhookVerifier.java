package org.pushserver.client;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;

/**
 * Checks the requests the push server sends to a backend's own endpoint (webhooks and client events):
 * {@code X-Push-Timestamp: <Unix seconds>} and
 * {@code X-Push-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + raw body)>}.
 *
 * <p>Every configured secret is tried (so a secret can be rotated: list the new and the old one), each compared in
 * constant time. A timestamp further than {@code maxSkew} from this clock is refused, and a signature accepted once is
 * refused again while its timestamp is still accepted (a replay). The memory of signatures is bounded by
 * {@code maxRemembered}; only valid signatures enter it, so only the real sender can fill it. Thread-safe.
 *
 * <pre>{@code
 * WebhookVerifier verifier = WebhookVerifier.builder().secrets(List.of(secret)).maxSkew(Duration.ofMinutes(5)).build();
 * verifier.verify(exchange.getRequestHeaders().getFirst("X-Push-Timestamp"),
 *         exchange.getRequestHeaders().getFirst("X-Push-Signature"), body);
 * }</pre>
 */
public final class WebhookVerifier {
    /** The timestamp header's name. */
    public static final String TIMESTAMP_HEADER = "X-Push-Timestamp";
    /** The signature header's name. */
    public static final String SIGNATURE_HEADER = "X-Push-Signature";
    private static final long MAX_SECONDS = 100_000_000_000L; // keeps the arithmetic far from overflow

    private final List<byte[]> secrets;
    private final long maxSkewSeconds;
    private final int maxRemembered;
    private final Clock clock;
    /** Accepted signatures (hex) to the epoch millis after which their timestamp is stale anyway. */
    private final LinkedHashMap<String, Long> seen = new LinkedHashMap<>();

    private WebhookVerifier(Builder builder) {
        this.secrets = new ArrayList<>();
        for (String secret : builder.secrets) {
            secrets.add(secret.getBytes(StandardCharsets.UTF_8));
        }
        this.maxSkewSeconds = builder.maxSkew.getSeconds();
        this.maxRemembered = builder.maxRemembered;
        this.clock = builder.clock;
    }

    /** A builder: {@link Builder#secrets(List)} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Accepts the request, or throws why not. A valid signature is remembered, so the same request verified a second
     * time is refused as {@link WebhookVerificationException.Reason#REPLAYED}.
     *
     * @param timestampHeader the {@code X-Push-Timestamp} header, Unix seconds (Unix milliseconds are understood too)
     * @param signatureHeader the {@code X-Push-Signature} header; several {@code sha256=} values may be separated by
     *                        commas
     * @param body            the raw request body, exactly as received
     */
    public void verify(String timestampHeader, String signatureHeader, byte[] body)
            throws WebhookVerificationException {
        Objects.requireNonNull(body, "body");
        String timestamp = timestampHeader == null ? "" : timestampHeader.trim();
        long seconds;
        try {
            seconds = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            throw refused(WebhookVerificationException.Reason.MALFORMED, TIMESTAMP_HEADER + " is not a Unix time");
        }
        if (seconds >= MAX_SECONDS && seconds < MAX_SECONDS * 1000) {
            seconds /= 1000; // milliseconds: no date in seconds is this large (year 5138), so the unit is clear
        }
        if (seconds < 0 || seconds > MAX_SECONDS) {
            throw refused(WebhookVerificationException.Reason.MALFORMED, TIMESTAMP_HEADER + " is out of range");
        }
        long nowMillis = clock.millis();
        if (Math.abs(nowMillis / 1000 - seconds) > maxSkewSeconds) {
            throw refused(WebhookVerificationException.Reason.STALE_TIMESTAMP,
                    TIMESTAMP_HEADER + " is further than " + maxSkewSeconds + " s from this clock");
        }
        String matched = match(timestamp, signatureHeader, body);
        remember(matched, (seconds + maxSkewSeconds + 1) * 1000, nowMillis);
    }

    /** Whether {@link #verify} accepts the request (which then counts as seen, as with verify). */
    public boolean isValid(String timestampHeader, String signatureHeader, byte[] body) {
        try {
            verify(timestampHeader, signatureHeader, body);
            return true;
        } catch (WebhookVerificationException e) {
            return false;
        }
    }

    /** The hex of the first given signature that some secret produces; every pair is compared (constant time). */
    private String match(String timestamp, String signatureHeader, byte[] body) throws WebhookVerificationException {
        List<byte[]> given = new ArrayList<>();
        for (String part : (signatureHeader == null ? "" : signatureHeader).split(",")) {
            String value = part.trim();
            byte[] bytes = value.regionMatches(true, 0, Hmac.PREFIX, 0, Hmac.PREFIX.length())
                    && value.length() == Hmac.PREFIX.length() + 64 ? Hmac.unhex(value.substring(Hmac.PREFIX.length()))
                    : null;
            if (bytes != null) {
                given.add(bytes);
            }
        }
        if (given.isEmpty()) {
            throw refused(WebhookVerificationException.Reason.MALFORMED,
                    SIGNATURE_HEADER + " must be sha256=<64 hex digits>");
        }
        byte[] match = null;
        for (byte[] secret : secrets) {
            byte[] expected = Hmac.digest(secret, timestamp, body);
            for (byte[] candidate : given) {
                if (MessageDigest.isEqual(expected, candidate) && match == null) {
                    match = candidate;
                }
            }
        }
        if (match == null) {
            throw refused(WebhookVerificationException.Reason.WRONG_SIGNATURE,
                    SIGNATURE_HEADER + " matches no configured secret");
        }
        return Hmac.hex(match);
    }

    private synchronized void remember(String signature, long staleAtMillis, long nowMillis)
            throws WebhookVerificationException {
        // Forgotten once its timestamp is refused as stale anyway. Oldest first, stopping at the first still fresh:
        // entries come in (nearly) the order they go stale, and one kept a little longer only refuses a stale replay.
        for (Iterator<Long> it = seen.values().iterator(); it.hasNext() && it.next() <= nowMillis; ) {
            it.remove();
        }
        if (seen.containsKey(signature)) {
            throw refused(WebhookVerificationException.Reason.REPLAYED, SIGNATURE_HEADER + " was already accepted");
        }
        if (seen.size() >= maxRemembered) {
            Iterator<String> eldest = seen.keySet().iterator();
            eldest.next();
            eldest.remove(); // bounded memory: the oldest goes first, and is the closest to being stale
        }
        seen.put(signature, staleAtMillis);
    }

    private static WebhookVerificationException refused(WebhookVerificationException.Reason reason, String message) {
        return new WebhookVerificationException(reason, message);
    }

    /** Builds a {@link WebhookVerifier}. */
    public static final class Builder {
        private List<String> secrets = List.of();
        private Duration maxSkew = Duration.ofMinutes(5);
        private int maxRemembered = 100_000;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** The secrets a signature may be made with, new and old during a rotation (at least one). */
        public Builder secrets(List<String> secrets) {
            this.secrets = List.copyOf(secrets);
            return this;
        }

        /** The largest accepted distance between the timestamp and this clock (default 5 minutes). */
        public Builder maxSkew(Duration maxSkew) {
            this.maxSkew = Objects.requireNonNull(maxSkew, "maxSkew");
            return this;
        }

        /** How many accepted signatures are remembered at most, against replays (default 100,000). */
        public Builder maxRemembered(int maxRemembered) {
            this.maxRemembered = maxRemembered;
            return this;
        }

        /** The clock timestamps are compared with (default the system clock). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The verifier; throws {@link IllegalArgumentException} naming the bad setting. */
        public WebhookVerifier build() {
            if (secrets.isEmpty() || secrets.stream().anyMatch(s -> s == null || s.isEmpty())) {
                throw new IllegalArgumentException("secrets: give at least one, none empty");
            }
            if (maxSkew.isNegative() || maxSkew.getSeconds() < 1) {
                throw new IllegalArgumentException("maxSkew: must be at least 1 second, was " + maxSkew);
            }
            if (maxRemembered < 1) {
                throw new IllegalArgumentException("maxRemembered: must be at least 1, was " + maxRemembered);
            }
            return new WebhookVerifier(this);
        }
    }
}
