package org.pushserver.history;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * One token's recent messages in memory (or the broadcasts', which every token shares), oldest first, and the
 * highest id ever dropped from it: a recovery after an id below that mark would miss messages, so it is refused.
 * Not thread-safe: {@link InMemoryHistory} guards it; the cluster builds one per recovery from what Redis holds.
 */
public final class TokenLog {
    private final ArrayDeque<StoredMessage> entries = new ArrayDeque<>();
    private final ArrayDeque<Long> seqs = new ArrayDeque<>();
    /** Every message of this log with a seq at or below this one may have been dropped. */
    private long trimmedUpTo;
    /** The mark is the seq of one of this log's own messages (dropped), not the point where the log began. */
    private boolean markIsOwn;

    /** A log created when {@code firstSeq} arrives: what came before it is unknown, so counts as dropped. */
    TokenLog(long trimmedUpTo) {
        this.trimmedUpTo = trimmedUpTo;
    }

    /** A log holding {@code entries} (oldest first), with everything at or below {@code trimmedUpTo} dropped. */
    public static TokenLog of(long trimmedUpTo, List<Entry> entries) {
        TokenLog log = new TokenLog(trimmedUpTo);
        // Read back from a store that keeps only the mark: a gap after it shows it was a dropped message of this log;
        // without one it may be where the log began (another token's seq), so it is not taken as this log's.
        log.markIsOwn = !entries.isEmpty() && entries.get(0).seq() > trimmedUpTo + 1;
        for (Entry e : entries) {
            log.entries.addLast(e.message());
            log.seqs.addLast(e.seq());
        }
        return log;
    }

    /** Appends; returns the message it dropped to stay within {@code size}, or null. */
    StoredMessage add(StoredMessage m, long seq, int size) {
        entries.addLast(m);
        seqs.addLast(seq);
        return entries.size() > size ? dropOldest() : null;
    }

    /** Drops entries older than {@code horizon} (ms since the epoch); returns how many. */
    int expire(long horizon) {
        int n = 0;
        while (!entries.isEmpty() && entries.peekFirst().createdAt() <= horizon) {
            dropOldest();
            n++;
        }
        return n;
    }

    /** Drops {@code m} when it is still the oldest entry (an eviction in arrival order); returns whether it did. */
    boolean evict(StoredMessage m) {
        if (entries.peekFirst() != m) {
            return false;
        }
        dropOldest();
        return true;
    }

    private StoredMessage dropOldest() {
        trimmedUpTo = Math.max(trimmedUpTo, seqs.removeFirst());
        markIsOwn = true;
        return entries.removeFirst();
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    /** Whether {@link #trimmedUpTo} is the seq of one of this log's own (dropped) messages. */
    boolean markIsOwn() {
        return markIsOwn;
    }

    long trimmedUpTo() {
        return trimmedUpTo;
    }

    /** True when {@code seq} is one of the held entries. */
    boolean holds(long seq) {
        for (long s : seqs) {
            if (s == seq) {
                return true;
            }
        }
        return false;
    }

    /** The held entries after {@code seq}, oldest first, as (seq, message) pairs. */
    List<Entry> after(long seq) {
        List<Entry> out = new ArrayList<>();
        Iterator<Long> s = seqs.iterator();
        for (StoredMessage m : entries) {
            long at = s.next();
            if (at > seq) {
                out.add(new Entry(at, m));
            }
        }
        return out;
    }

    /** A held message with its position. */
    public record Entry(long seq, StoredMessage message) {
    }
}
