package org.pushserver.config;

import java.time.Duration;
import java.util.List;

/**
 * Who may publish, and who may read the operational routes.
 *
 * @param apiKeys     keys accepted as {@code Authorization: Bearer <key>} or as HMAC keys of signed requests; empty =
 *                    protected mode, loopback only ({@code API_KEYS})
 * @param hmacMaxSkew largest {@code X-Timestamp} skew of a signed request, and how long its signature is remembered
 *                    against replay ({@code HMAC_MAX_SKEW_MS})
 * @param opsKeys     keys for {@code /metrics} and the {@code /health} details; empty = open ({@code OPS_KEYS})
 */
public record AuthConfig(List<String> apiKeys, Duration hmacMaxSkew, List<String> opsKeys) {
    public AuthConfig {
        apiKeys = List.copyOf(apiKeys);
        opsKeys = List.copyOf(opsKeys);
        longEnough("API_KEYS (--api-keys)", apiKeys);
        longEnough("OPS_KEYS (--ops-keys)", opsKeys);
        Check.positive("HMAC_MAX_SKEW_MS", hmacMaxSkew);
    }

    private static void longEnough(String key, List<String> keys) {
        for (String k : keys) {
            if (k.length() < 16) {
                throw new InvalidConfigException(key + ": every key needs at least 16 characters");
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
