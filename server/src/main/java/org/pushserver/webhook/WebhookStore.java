package org.pushserver.webhook;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Where the webhooks' shared state lives: this process for one node ({@link #local()}), Redis for a cluster
 * ({@code RedisBroadcaster.webhookStore()}), so that each transition and each expiry is decided once.
 */
public interface WebhookStore {
    PresenceTransitions transitions(Duration grace, WebhookEvents events, LongSupplier clock);

    ExpiryIndex expiryIndex(int capacity);

    /** One node's: in memory. */
    static WebhookStore local() {
        return new WebhookStore() {
            @Override
            public PresenceTransitions transitions(Duration grace, WebhookEvents events, LongSupplier clock) {
                return new LocalPresenceTransitions(grace, events, clock);
            }

            @Override
            public ExpiryIndex expiryIndex(int capacity) {
                return new LocalExpiryIndex(capacity);
            }
        };
    }
}
