package org.pushserver.socket.session;

import org.pushserver.delivery.PushMessage;
import org.pushserver.history.MessageId;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Keeps a socket's missed messages ahead of newer ones. While a login replays what the socket missed (history after
 * its {@code lastMessageId}, the token's offline inbox), live pushes to that socket are held here, then written after
 * the replay; and any message at or before the last one replayed is not written again, however late its live copy
 * comes. So the socket sees each message once, in order.
 */
public final class CatchUp {
    /** Live pushes held during one replay at most; a socket that falls further behind is closed (it reconnects). */
    public static final int MAX_HELD = 1000;

    private volatile boolean holding;
    private volatile MessageId replayedUpTo;
    private List<PushMessage> held; // guarded by this
    private boolean overflowed;
    private int replays; // guarded by this: a recovered session's replay and a login's may overlap

    /**
     * From now on, live pushes are held until {@link #finish}. Replays may overlap (a recovered session whose client
     * logs in again at once): pushes held by the first stay held until the last one finishes.
     */
    public synchronized void begin() {
        if (replays++ == 0) {
            holding = true;
            held = new ArrayList<>();
            overflowed = false;
        }
    }

    /**
     * Whether {@code message} must not be written now: held for after the replay, or already replayed. Called on the
     * push path for every socket, so the common case is two volatile reads.
     */
    public boolean intercept(PushMessage message) {
        if (replayedUpTo != null && replayed(message)) {
            return true;
        }
        if (!holding) {
            return false;
        }
        synchronized (this) {
            if (!holding) {
                return replayed(message);
            }
            if (held.size() < MAX_HELD) {
                held.add(message);
            } else {
                overflowed = true;
            }
            return true;
        }
    }

    /** Whether the message with {@code id} was already replayed to this socket (or is older than one that was). */
    public boolean covers(String id) {
        MessageId upTo = replayedUpTo;
        if (upTo == null || id == null) {
            return false;
        }
        Optional<MessageId> parsed = MessageId.parse(id);
        return parsed.isPresent() && parsed.get().epoch().equals(upTo.epoch()) && parsed.get().seq() <= upTo.seq();
    }

    /** Records that {@code message} was replayed: it, and anything before it, is not written again. */
    public void replayed(String id) {
        MessageId.parse(id).ifPresent(parsed -> {
            MessageId upTo = replayedUpTo;
            if (upTo == null || !upTo.epoch().equals(parsed.epoch()) || upTo.seq() < parsed.seq()) {
                replayedUpTo = parsed;
            }
        });
    }

    /**
     * Ends the replay: {@code write} gets each held push that was not replayed, in order, before any later push can
     * be written; returns false when more were held than {@link #MAX_HELD} (the socket should be closed).
     */
    public synchronized boolean finish(Consumer<PushMessage> write) {
        if (!holding) {
            return true;
        }
        if (--replays > 0) {
            return !overflowed;
        }
        for (PushMessage message : held) {
            if (!replayed(message)) {
                write.accept(message);
            }
        }
        held = null;
        holding = false;
        return !overflowed;
    }

    private boolean replayed(PushMessage message) {
        return covers(message.id());
    }
}
