package org.pushserver.recovery;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * Saved sessions in this process: at most {@code maxSessions}, oldest dropped first, each for the recovery window.
 * Entries are kept in insertion order, which is also their expiry order, so expired ones are dropped from the front.
 */
public final class InMemorySavedSessions implements SavedSessions {
    private final long windowMs;
    private final int maxSessions;
    private final LongSupplier clock;
    private final LinkedHashMap<String, Entry> sessions = new LinkedHashMap<>(); // guarded by this

    private record Entry(SavedSession session, long expiresAt) {
    }

    public InMemorySavedSessions(Duration window, int maxSessions) {
        this(window, maxSessions, System::currentTimeMillis);
    }

    /** With {@code clock} (ms) instead of the system's. */
    public InMemorySavedSessions(Duration window, int maxSessions, LongSupplier clock) {
        this.windowMs = window.toMillis();
        this.maxSessions = maxSessions;
        this.clock = clock;
    }

    @Override
    public synchronized void save(String pid, SavedSession session) {
        long now = clock.getAsLong();
        dropExpired(now);
        sessions.remove(pid);
        sessions.put(pid, new Entry(session, now + windowMs));
        if (sessions.size() > maxSessions) {
            Iterator<String> oldest = sessions.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
    }

    @Override
    public synchronized CompletableFuture<Optional<SavedSession>> take(String pid) {
        long now = clock.getAsLong();
        dropExpired(now);
        Entry entry = sessions.remove(pid);
        return CompletableFuture.completedFuture(entry == null ? Optional.empty() : Optional.of(entry.session()));
    }

    private void dropExpired(long now) {
        Iterator<Map.Entry<String, Entry>> it = sessions.entrySet().iterator();
        while (it.hasNext() && it.next().getValue().expiresAt() <= now) {
            it.remove();
        }
    }
}
