package org.pushserver.history;

import java.util.Map;

/**
 * What became of one message, per token: the {@code GET /api/messages/{id}} answer.
 *
 * @param id        the message id
 * @param createdAt when it was accepted, ms since the epoch
 * @param tokens    token → {@code delivered}, {@code pending}, {@code expired} or {@code offline}
 */
public record Fate(String id, long createdAt, Map<String, String> tokens) {
    public Fate {
        tokens = Map.copyOf(tokens);
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
