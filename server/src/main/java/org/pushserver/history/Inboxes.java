package org.pushserver.history;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The offline inbox in memory: per token, the messages sent with a ttl while it had no socket, oldest first, at most
 * INBOX_SIZE (the oldest beyond it expire at once). Not thread-safe: {@link InMemoryHistory} guards it.
 */
final class Inboxes {
    private final int size;
    private final Map<String, FateRecord> fates;
    private final Map<String, ArrayDeque<Waiting>> byToken = new HashMap<>();

    Inboxes(int size, Map<String, FateRecord> fates) {
        this.size = size;
        this.fates = fates;
    }

    private record Waiting(StoredMessage message, long expiresAt) {
    }

    /** Queues {@code m} for {@code tokens}; returns the budget item that releases these entries. */
    MemoryBudget.Item put(StoredMessage m, List<String> tokens, long expiresAt) {
        Waiting w = new Waiting(m, expiresAt);
        for (String token : tokens) {
            ArrayDeque<Waiting> inbox = byToken.computeIfAbsent(token, t -> new ArrayDeque<>());
            inbox.addLast(w);
            if (inbox.size() > size) {
                expire(inbox.removeFirst(), token);
            }
        }
        long bytes = m.message().sizeBytes() + 64L * tokens.size();
        return new MemoryBudget.Item() {
            @Override
            public long expiresAt() {
                return expiresAt;
            }

            @Override
            public long bytes() {
                return bytes;
            }

            @Override
            public void release(boolean early) {
                for (String token : tokens) {
                    ArrayDeque<Waiting> inbox = byToken.get(token);
                    if (inbox != null && inbox.remove(w)) {
                        if (early) {
                            expire(w, token);
                        }
                        if (inbox.isEmpty()) {
                            byToken.remove(token);
                        }
                    }
                }
            }
        };
    }

    private void expire(Waiting w, String token) {
        FateRecord fate = fates.get(w.message().id());
        if (fate != null) {
            fate.states.put(token, Fate.State.EXPIRED);
        }
    }

    /** Removes the token's inbox; returns the messages whose ttl has not passed. */
    List<StoredMessage> take(String token, long now) {
        return live(byToken.remove(token), now);
    }

    /** The messages in the token's inbox whose ttl has not passed, left in place. */
    List<StoredMessage> peek(String token, long now) {
        return live(byToken.get(token), now);
    }

    /** Takes message {@code id} out of the token's inbox (it was acked), if it waits there. */
    void remove(String token, String id) {
        ArrayDeque<Waiting> inbox = byToken.get(token);
        if (inbox != null && inbox.removeIf(w -> w.message().id().equals(id)) && inbox.isEmpty()) {
            byToken.remove(token);
        }
    }

    private static List<StoredMessage> live(ArrayDeque<Waiting> inbox, long now) {
        if (inbox == null) {
            return List.of();
        }
        List<StoredMessage> out = new ArrayList<>(inbox.size());
        for (Waiting w : inbox) {
            if (w.expiresAt() > now) {
                out.add(w.message());
            }
        }
        return out;
    }
}
