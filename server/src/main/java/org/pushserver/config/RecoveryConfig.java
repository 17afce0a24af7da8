package org.pushserver.config;

import org.pushserver.config.check.Check;

import java.time.Duration;

/**
 * Connection-state recovery for socket.io-client 4.6+: how long a socket's session waits for its client to come back
 * after the transport was lost, and how many such sessions one node keeps.
 *
 * @param window      {@code RECOVERY_WINDOW_MS}; zero turns recovery off
 * @param maxSessions {@code RECOVERY_MAX_SESSIONS}: saved sessions held in memory on one node, oldest dropped first
 */
public record RecoveryConfig(Duration window, int maxSessions) {
    public RecoveryConfig {
        Check.range("RECOVERY_WINDOW_MS", window.toMillis(), 0, 24L * 3600 * 1000);
        Check.range("RECOVERY_MAX_SESSIONS", maxSessions, 1, 10_000_000);
    }

    public boolean enabled() {
        return !window.isZero();
    }
}
