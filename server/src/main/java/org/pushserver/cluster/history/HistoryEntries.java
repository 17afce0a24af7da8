package org.pushserver.cluster.history;

import org.pushserver.delivery.PushMessage;
import org.pushserver.history.MessageId;
import org.pushserver.history.StoredMessage;
import org.pushserver.history.TokenLog;

/**
 * The text form of history and inbox entries in Redis (see {@link HistoryScripts}): numbers first, separated by
 * {@code |}, then the entityType's length, then the entityType and the data JSON as they were sent.
 */
final class HistoryEntries {
    private HistoryEntries() {
    }

    /** What follows {@code seq|epoch|} in a history entry. */
    static String historyTail(long createdAt, PushMessage m) {
        return createdAt + "|" + m.entityType().length() + "|" + m.entityType() + m.dataJson();
    }

    /** {@code seq|epoch|createdAt|length|entityType data} → the entry. */
    static TokenLog.Entry history(String text) {
        String[] f = text.split("\\|", 5);
        long seq = Long.parseLong(f[0]);
        String id = new MessageId(f[1], seq).toString();
        return new TokenLog.Entry(seq, message(id, Long.parseLong(f[2]), Integer.parseInt(f[3]), f[4]));
    }

    static String inbox(long expiresAt, StoredMessage m) {
        return expiresAt + "|" + m.id() + "|" + historyTail(m.createdAt(), m.message());
    }

    /** {@code expiresAt|id|createdAt|length|entityType data}. */
    static long inboxExpiry(String text) {
        return Long.parseLong(text.substring(0, text.indexOf('|')));
    }

    static StoredMessage inboxMessage(String text) {
        String[] f = text.split("\\|", 5);
        return message(f[1], Long.parseLong(f[2]), Integer.parseInt(f[3]), f[4]);
    }

    private static StoredMessage message(String id, long createdAt, int typeLength, String rest) {
        return new StoredMessage(new PushMessage(rest.substring(0, typeLength), rest.substring(typeLength), id), createdAt);
    }
}
