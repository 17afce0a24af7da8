package org.pushserver.history;

import org.pushserver.delivery.PushMessage;

/**
 * A message as history and the inbox keep it.
 *
 * @param message   the message with its id
 * @param createdAt when it was accepted, ms since the epoch
 */
public record StoredMessage(PushMessage message, long createdAt) {

    public String id() {
        return message.id();
    }
}
