package org.pushserver.history;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The all-or-nothing rule over a token's log and the broadcasts' log, both already expired by age: the answer is
 * every message after the id when neither log dropped anything after it, else "not recoverable". An id above what
 * either log dropped must be held by one of them, or it is not this token's.
 */
public final class RecoveryRule {
    private RecoveryRule() {
    }

    /** @param id null: everything held; {@code log} null: the token has nothing held */
    public static Recovery answer(MessageId id, TokenLog log, TokenLog broadcasts, int limit) {
        long after = id == null ? 0 : id.seq();
        long tokenTrim = log == null ? Long.MAX_VALUE : log.trimmedUpTo();
        if (log == null && id != null) { // whether the id was this token's cannot be told any more
            return Recovery.notRecoverable("this token's history is empty: it expired, or it never had messages");
        }
        if (id != null && after > Math.max(tokenTrim, broadcasts.trimmedUpTo()) && !log.holds(after) && !broadcasts.holds(after)) {
            return Recovery.invalid("the id is not one of this token's messages");
        }
        // An id at the token's mark counts only when the mark is one of its own dropped messages: for a log that
        // began with its first message, the mark is the seq just before it, another token's (an offset from another
        // session).
        boolean covered = id == null
                ? (log == null || after >= tokenTrim) && after >= broadcasts.trimmedUpTo()
                : (log.holds(after) || broadcasts.holds(after) || after > tokenTrim
                        || (after == tokenTrim && log.markIsOwn())) && after >= broadcasts.trimmedUpTo();
        List<TokenLog.Entry> merged = new ArrayList<>(broadcasts.after(after));
        if (log != null) {
            merged.addAll(log.after(after));
        }
        merged.sort(Comparator.comparingLong(TokenLog.Entry::seq));
        if (id != null && !covered) {
            return Recovery.notRecoverable("history no longer reaches back to this id");
        }
        boolean more = merged.size() > limit;
        List<StoredMessage> out = new ArrayList<>(Math.min(limit, merged.size()));
        for (int i = 0; i < merged.size() && i < limit; i++) {
            out.add(merged.get(i).message());
        }
        // Without an id, the answer is complete only when nothing was ever dropped.
        if (id == null && !covered) {
            return new Recovery(Recovery.Outcome.NOT_RECOVERABLE, out, more, "older messages were dropped");
        }
        return Recovery.recovered(out, more);
    }
}
