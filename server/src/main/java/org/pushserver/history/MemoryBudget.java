package org.pushserver.history;

import java.util.ArrayDeque;

/**
 * Everything {@link InMemoryHistory} holds, in arrival order, with its size: items leave from the front when they
 * expire, and, while the total is over {@code HISTORY_MAX_BYTES}, before they expire (oldest evicted first).
 * Not thread-safe: {@link InMemoryHistory} guards it.
 */
final class MemoryBudget {

    /** Something held: a message (its history entries and fate), or a message's inbox entries. */
    interface Item {
        /** When it may go, ms since the epoch. */
        long expiresAt();

        long bytes();

        /** Removes it from wherever it is held; {@code early} when evicted before it expired. */
        void release(boolean early);
    }

    private final ArrayDeque<Item> items = new ArrayDeque<>();
    private final long maxBytes;
    private long bytes;

    MemoryBudget(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    void add(Item item) {
        items.addLast(item);
        bytes += item.bytes();
    }

    /** Releases what expired by {@code now}, then the oldest while over budget; returns how many went early. */
    int trim(long now) {
        while (!items.isEmpty() && items.peekFirst().expiresAt() <= now) {
            remove().release(false);
        }
        int early = 0;
        while (bytes > maxBytes && !items.isEmpty()) {
            remove().release(true);
            early++;
        }
        return early;
    }

    private Item remove() {
        Item item = items.removeFirst();
        bytes -= item.bytes();
        return item;
    }

    long bytes() {
        return bytes;
    }

    long count() {
        return items.size();
    }
}
