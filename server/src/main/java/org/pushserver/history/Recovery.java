package org.pushserver.history;

import java.util.List;

/**
 * The answer to "what did this token miss after this id": all of it, or nothing. Never partial.
 *
 * @param outcome  whether the messages are complete
 * @param messages every message after the id, oldest first (empty unless {@code RECOVERED})
 * @param more     {@code RECOVERED} only: the limit cut the list; ask again after its last id
 * @param reason   why not, for answers and logs (null when recovered)
 */
public record Recovery(Outcome outcome, List<StoredMessage> messages, boolean more, String reason) {
    public Recovery {
        messages = List.copyOf(messages);
    }

    /** How a recovery ended. The lower-case name is the metrics tag. */
    public enum Outcome {
        /** Every message after the id is in {@code messages}. */
        RECOVERED,
        /** History no longer reaches back that far, the id is from a lost history, or the store is down. */
        NOT_RECOVERABLE,
        /** The id is malformed, was never given, or is not one of this token's messages. */
        INVALID;

        public String tag() {
            return name().toLowerCase();
        }
    }

    public static Recovery recovered(List<StoredMessage> messages, boolean more) {
        return new Recovery(Outcome.RECOVERED, messages, more, null);
    }

    public static Recovery notRecoverable(String reason) {
        return new Recovery(Outcome.NOT_RECOVERABLE, List.of(), false, reason);
    }

    public static Recovery invalid(String reason) {
        return new Recovery(Outcome.INVALID, List.of(), false, reason);
    }

    public boolean recovered() {
        return outcome == Outcome.RECOVERED;
    }
}
