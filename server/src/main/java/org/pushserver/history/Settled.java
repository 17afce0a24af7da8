package org.pushserver.history;

import java.util.List;

/**
 * What {@link MessageLog#settle} kept.
 *
 * @param queued tokens the message waits for in their inbox
 * @param stored false when fates or the inbox could not be written (the store was unreachable)
 */
public record Settled(List<String> queued, boolean stored) {
    public Settled {
        queued = List.copyOf(queued);
    }

    /** Nothing to keep. */
    public static final Settled NOTHING = new Settled(List.of(), true);
}
