package org.pushserver.config;

import org.pushserver.config.check.Check;

import java.time.Duration;

/**
 * Limits of the HTTP API.
 *
 * @param maxBodyBytes     largest accepted request body ({@code MAX_BODY_BYTES})
 * @param maxTokensPerPush most tokens one push may name ({@code MAX_TOKENS_PER_PUSH})
 * @param requestTimeout   a request not fully received by then is answered 408 and closed ({@code REQUEST_TIMEOUT_MS})
 * @param pushesPerSecondPerKey /api calls per second per key, 0 = no limit ({@code PUSHES_PER_SECOND_PER_KEY})
 * @param broadcastsPerMinute   /api/broadcast calls per minute, 0 = no limit ({@code BROADCASTS_PER_MINUTE})
 */
public record ApiConfig(int maxBodyBytes, int maxTokensPerPush, Duration requestTimeout, int pushesPerSecondPerKey,
                        int broadcastsPerMinute) {
    public ApiConfig {
        Check.range("MAX_BODY_BYTES", maxBodyBytes, 1024, 256 * 1024 * 1024);
        Check.range("MAX_TOKENS_PER_PUSH", maxTokensPerPush, 1, 10_000_000);
        Check.positive("REQUEST_TIMEOUT_MS", requestTimeout);
        Check.range("PUSHES_PER_SECOND_PER_KEY", pushesPerSecondPerKey, 0, 10_000_000);
        Check.range("BROADCASTS_PER_MINUTE", broadcastsPerMinute, 0, 10_000_000);
    }
}
