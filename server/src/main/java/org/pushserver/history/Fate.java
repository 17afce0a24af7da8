package org.pushserver.history;

import java.util.Map;

/**
 * What became of one message, per token: the {@code GET /api/messages/{id}} answer.
 *
 * @param id        the message id
 * @param createdAt when it was accepted, ms since the epoch
 * @param tokens    token → {@code delivered}, {@code pending}, {@code expired} or {@code offline}
 * @param mobile    token → {@code queued}, {@code sent}, {@code failed} or {@code no_device}: the notification sent
 *                  to the token's devices (only tokens the push's {@code mobile} mode picked)
 */
public record Fate(String id, long createdAt, Map<String, String> tokens, Map<String, String> mobile) {
    public Fate {
        tokens = Map.copyOf(tokens);
        mobile = Map.copyOf(mobile);
    }

    /** A fate without notifications to devices. */
    public Fate(String id, long createdAt, Map<String, String> tokens) {
        this(id, createdAt, tokens, Map.of());
    }

    /** What became of a push's notification to one token's devices. The lower-case name is the answer's value. */
    public enum Mobile {
        /** Sends to its devices are under way. */
        QUEUED,
        /** At least one of its devices' providers accepted it. */
        SENT,
        /** None accepted it: refused, gone, out of retries, or not queued because the queue was full. */
        FAILED,
        /** The token has no device registered (for a configured provider). */
        NO_DEVICE;

        public String value() {
            return name().toLowerCase();
        }

        /** One letter, as Redis keeps it. */
        public String letter() {
            return name().substring(0, 1);
        }

        public static Mobile ofLetter(String letter) {
            for (Mobile m : values()) {
                if (m.letter().equals(letter)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("no mobile state " + letter);
        }
    }

    /** A token's state. The lower-case name is the answer's value. */
    public enum State {
        /** Written to at least one socket of the token (or acked, when acks are on). */
        DELIVERED,
        /** Waiting in the token's inbox. */
        PENDING,
        /** Its ttl passed before the token logged in. */
        EXPIRED,
        /** No socket when sent, and no ttl. */
        OFFLINE;

        public String value() {
            return name().toLowerCase();
        }

        /** One letter, as Redis keeps it. */
        public String letter() {
            return name().substring(0, 1);
        }

        public static State ofLetter(String letter) {
            for (State s : values()) {
                if (s.letter().equals(letter)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("no fate state " + letter);
        }
    }
}
