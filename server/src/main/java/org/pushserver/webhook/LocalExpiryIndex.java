package org.pushserver.webhook;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/** The {@link ExpiryIndex} of one node: entries ordered by when they are due, at most {@code capacity}. */
public final class LocalExpiryIndex implements ExpiryIndex {
    private final int capacity;
    private final TreeSet<Tracked> due = new TreeSet<>(Comparator.comparingLong(Tracked::dueMillis)
            .thenComparingLong(Tracked::seq)); // guarded by this
    private long seq; // guarded by this: orders entries due at the same ms

    public LocalExpiryIndex(int capacity) {
        this.capacity = capacity;
    }

    private record Tracked(long dueMillis, long seq, Entry entry) {
    }

    @Override
    public synchronized CompletableFuture<Boolean> track(Entry entry) {
        if (due.size() >= capacity) {
            return CompletableFuture.completedFuture(false);
        }
        due.add(new Tracked(entry.dueMillis(), seq++, entry));
        return CompletableFuture.completedFuture(true);
    }

    @Override
    public synchronized CompletableFuture<List<Entry>> claimDue(long nowMillis, int limit) {
        List<Entry> out = new ArrayList<>();
        while (out.size() < limit && !due.isEmpty() && due.first().dueMillis() <= nowMillis) {
            out.add(due.pollFirst().entry());
        }
        return CompletableFuture.completedFuture(out);
    }

    /** Entries tracked now. */
    public synchronized int size() {
        return due.size();
    }
}
