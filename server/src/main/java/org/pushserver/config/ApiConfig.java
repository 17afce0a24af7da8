package org.pushserver.config;

import java.time.Duration;

/**
 * Limits of the HTTP API.
 *
 * @param maxBodyBytes     largest accepted request body ({@code MAX_BODY_BYTES})
 * @param maxTokensPerPush most tokens one push may name ({@code MAX_TOKENS_PER_PUSH})
 * @param requestTimeout   a request not fully received by then is answered 408 and closed ({@code REQUEST_TIMEOUT_MS})
 */
public record ApiConfig(int maxBodyBytes, int maxTokensPerPush, Duration requestTimeout) {
    public ApiConfig {
        Check.range("MAX_BODY_BYTES", maxBodyBytes, 1024, 256 * 1024 * 1024);
        Check.range("MAX_TOKENS_PER_PUSH", maxTokensPerPush, 1, 10_000_000);
        Check.positive("REQUEST_TIMEOUT_MS", requestTimeout);
    }
}
