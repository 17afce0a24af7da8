package org.pushserver.webhook;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The inbox entries that may expire undelivered, by when: each (message, token) is tracked once when it is queued,
 * and claimed once when its ttl passed, by exactly one caller cluster-wide. In memory ({@link LocalExpiryIndex}) or
 * Redis ({@code cluster.RedisExpiryIndex}); bounded, so an entry beyond the bound is not tracked (counted).
 */
public interface ExpiryIndex {
    /** Tracks {@code entry}; completes false when the index is full or unreachable (no event will come for it). */
    CompletableFuture<Boolean> track(Entry entry);

    /** Takes up to {@code limit} entries due by {@code nowMillis}; an entry is handed out once only. */
    CompletableFuture<List<Entry>> claimDue(long nowMillis, int limit);

    /**
     * A message waiting in a token's inbox.
     *
     * @param messageId  its id
     * @param tokenId    the token it waits for
     * @param entityType its entity type
     * @param dueMillis  when its ttl ends, ms since the epoch
     */
    record Entry(String messageId, String tokenId, String entityType, long dueMillis) {
    }
}
