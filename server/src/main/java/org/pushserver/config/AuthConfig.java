package org.pushserver.config;

import java.util.List;

/**
 * Who may publish.
 *
 * @param apiKeys keys accepted as {@code Authorization: Bearer <key>}; empty = protected mode, loopback only ({@code API_KEYS})
 */
public record AuthConfig(List<String> apiKeys) {
    public AuthConfig {
        apiKeys = List.copyOf(apiKeys);
        for (String key : apiKeys) {
            if (key.length() < 16) {
                throw new InvalidConfigException("API_KEYS (--api-keys): every key needs at least 16 characters");
            }
        }
    }

    /** Protected mode: no key configured, so only loopback callers may publish. */
    public boolean protectedMode() {
        return apiKeys.isEmpty();
    }

    @Override
    public String toString() {
        return "AuthConfig[apiKeys=" + apiKeys.size() + " configured]";
    }
}
