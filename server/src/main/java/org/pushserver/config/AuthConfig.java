package org.pushserver.config;

import org.pushserver.config.check.Check;
import org.pushserver.config.check.InvalidConfigException;

import java.time.Duration;
import java.util.List;

/**
 * Who may publish, and who may read the operational routes.
 *
 * @param apiKeys     keys accepted as {@code Authorization: Bearer <key>} or as HMAC keys of signed requests; empty =
 *                    protected mode, loopback only ({@code API_KEYS} or {@code API_KEYS_FILE})
 * @param hmacMaxSkew largest {@code X-Timestamp} skew of a signed request, and how long its signature is remembered
 *                    against replay ({@code HMAC_MAX_SKEW_MS})
 * @param opsKeys     keys for {@code /metrics} and the {@code /health} details; empty = open ({@code OPS_KEYS} or {@code OPS_KEYS_FILE})
 */
public record AuthConfig(List<String> apiKeys, Duration hmacMaxSkew, List<String> opsKeys) {
    /** Shortest accepted key. */
    public static final int MIN_KEY_LENGTH = 16;

    public AuthConfig {
        apiKeys = List.copyOf(apiKeys);
        opsKeys = List.copyOf(opsKeys);
        longEnough("API_KEYS (--api-keys) / API_KEYS_FILE", apiKeys);
        longEnough("OPS_KEYS (--ops-keys) / OPS_KEYS_FILE", opsKeys);
        Check.positive("HMAC_MAX_SKEW_MS", hmacMaxSkew);
    }

    private static void longEnough(String key, List<String> keys) {
        for (String k : keys) {
            if (k.length() < MIN_KEY_LENGTH) {
                throw new InvalidConfigException(key + ": every key needs at least " + MIN_KEY_LENGTH + " characters");
            }
        }
    }

    /** Protected mode: no key configured, so only loopback callers may publish. */
    public boolean protectedMode() {
        return apiKeys.isEmpty();
    }

    @Override
    public String toString() { // never the keys
        return "AuthConfig[apiKeys=" + apiKeys.size() + " configured, opsKeys=" + opsKeys.size() + " configured]";
    }
}
