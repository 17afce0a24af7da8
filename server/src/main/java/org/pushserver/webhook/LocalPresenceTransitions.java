package org.pushserver.webhook;

import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Presence transitions of one node, in memory: a token's first socket emits {@code token_online}; its last socket
 * gone starts the grace, and {@link #tick()} emits {@code token_offline} once the grace passed with no socket back.
 * A socket back within the grace cancels it, so a page reload is no pair. Holds only tokens that are online or within
 * their grace.
 */
public final class LocalPresenceTransitions implements PresenceTransitions {
    private final long graceMillis;
    private final WebhookEvents events;
    private final LongSupplier clock;
    /** Token → its sockets here, for tokens with at least one. Guarded by this. */
    private final Map<String, Integer> sockets = new HashMap<>();
    /** Token → when its grace ends, in that order (the grace is the same for all), so a tick reads only the front. */
    private final LinkedHashMap<String, Long> leaving = new LinkedHashMap<>();
    private boolean closed;

    public LocalPresenceTransitions(Duration grace, WebhookEvents events, LongSupplier clock) {
        this.graceMillis = grace.toMillis();
        this.events = events;
        this.clock = clock;
    }

    @Override
    public synchronized void joined(String token) {
        if (closed) {
            return;
        }
        Integer n = sockets.get(token);
        sockets.put(token, n == null ? 1 : n + 1);
        if (n == null && leaving.remove(token) == null) { // back within the grace is no pair
            events.emit(WebhookEvent.online(token, clock.getAsLong()));
        }
    }

    @Override
    public synchronized void left(String token) {
        Integer n = sockets.get(token);
        if (closed || n == null) {
            return;
        }
        if (n > 1) {
            sockets.put(token, n - 1);
        } else {
            sockets.remove(token);
            leaving.put(token, clock.getAsLong() + graceMillis);
        }
    }

    @Override
    public synchronized void tick() {
        long now = clock.getAsLong();
        for (Iterator<Map.Entry<String, Long>> it = leaving.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Long> e = it.next();
            if (e.getValue() > now) {
                return;
            }
            it.remove();
            events.emit(WebhookEvent.offline(e.getKey(), now));
        }
    }

    /** Tokens held: online, or within their grace. */
    public synchronized int size() {
        return sockets.size() + leaving.size();
    }

    @Override
    public synchronized void close() {
        closed = true;
        sockets.clear();
        leaving.clear();
    }
}
