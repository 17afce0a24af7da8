package org.pushserver.webhook;

import org.pushserver.history.MessageLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * Emits {@code message_expired} for each inbox entry whose ttl passed: claims the due entries (each once,
 * cluster-wide), then reads the message's fate, so that an entry delivered or acked meanwhile gives no event.
 * One sweep at a time.
 */
final class ExpirySweep {
    private static final Logger log = LoggerFactory.getLogger(ExpirySweep.class);
    private static final int CHUNK = 200;
    /** The fate states of a token the message never reached. */
    private static final Set<String> UNDELIVERED = Set.of("pending", "expired");

    private final ExpiryIndex index;
    private final MessageLog history;
    private final WebhookEvents events;
    private final LongSupplier clock;
    private final AtomicBoolean sweeping = new AtomicBoolean();

    ExpirySweep(ExpiryIndex index, MessageLog history, WebhookEvents events, LongSupplier clock) {
        this.index = index;
        this.history = history;
        this.events = events;
        this.clock = clock;
    }

    void sweep() {
        if (!sweeping.compareAndSet(false, true)) {
            return;
        }
        long now = clock.getAsLong();
        index.claimDue(now, CHUNK).whenComplete((due, e) -> {
            sweeping.set(false);
            if (e != null) {
                log.debug("expiry sweep: {}", e.toString());
                return;
            }
            for (ExpiryIndex.Entry entry : due) {
                history.fate(entry.messageId()).thenAccept(fate -> {
                    String state = fate.map(f -> f.tokens().get(entry.tokenId())).orElse(null);
                    if (state != null && UNDELIVERED.contains(state)) {
                        events.emit(WebhookEvent.expired(entry.tokenId(), now, entry.messageId(), entry.entityType()));
                    }
                });
            }
            if (due.size() == CHUNK) {
                sweep(); // more are due
            }
        });
    }
}
