package org.pushserver.history;

import org.pushserver.delivery.PushMessage;

/**
 * A message that has its id.
 *
 * @param message   the message carrying its id, as it goes to sockets
 * @param createdAt when it was accepted, ms since the epoch
 * @param stored    whether history (when on) keeps it; false when the store could not be reached
 */
public record Accepted(PushMessage message, long createdAt, boolean stored) {

    /** The message id. */
    public String id() {
        return message.id();
    }
}
