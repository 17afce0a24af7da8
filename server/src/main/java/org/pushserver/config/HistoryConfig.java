package org.pushserver.config;

import org.pushserver.config.check.Check;

import java.time.Duration;

/**
 * Message ids, history, the offline inbox and idempotent publishing.
 *
 * @param size              messages kept per token, 0 = history off ({@code HISTORY_SIZE})
 * @param ttl               how long a message is kept in history ({@code HISTORY_TTL_MS})
 * @param maxBytes          bound on everything held in memory on one node; oldest evicted first ({@code HISTORY_MAX_BYTES})
 * @param maxTtlSeconds     the largest {@code ttl} a push may ask for ({@code MAX_TTL_SECONDS})
 * @param inboxSize         messages kept per offline token ({@code INBOX_SIZE})
 * @param idempotencyWindow how long a first answer is replayed for its {@code Idempotency-Key} ({@code IDEMPOTENCY_WINDOW_MS})
 * @param idempotencyKeys   first answers held on one node, oldest forgotten first ({@code IDEMPOTENCY_MAX_KEYS})
 */
public record HistoryConfig(int size, Duration ttl, long maxBytes, int maxTtlSeconds, int inboxSize,
                            Duration idempotencyWindow, int idempotencyKeys) {
    public HistoryConfig {
        Check.range("HISTORY_SIZE", size, 0, 100_000);
        Check.positive("HISTORY_TTL_MS", ttl);
        Check.range("HISTORY_MAX_BYTES", maxBytes, 1024 * 1024, Long.MAX_VALUE);
        Check.range("MAX_TTL_SECONDS", maxTtlSeconds, 0, 30 * 24 * 3600);
        Check.range("INBOX_SIZE", inboxSize, 1, 100_000);
        Check.positive("IDEMPOTENCY_WINDOW_MS", idempotencyWindow);
        Check.range("IDEMPOTENCY_MAX_KEYS", idempotencyKeys, 1, 100_000_000);
    }

    /** True when pushes are kept per token. */
    public boolean enabled() {
        return size > 0;
    }
}
