package org.pushserver.socket.session;

/**
 * The login state of one socket: which attempt is the latest (only its verdict may apply), how many were refused,
 * how many it may still make this minute (a token bucket of {@code LOGINS_PER_MINUTE}, refilled continuously), and
 * whether the socket is gone. Callers hold this object's lock around each read-and-update; times are nanoTime values.
 */
public final class SocketLogin {
    private static final double NANOS_PER_MINUTE = 60e9;

    private final int perMinute;
    private double allowance;
    private long refilledAt;
    private long latest;
    private int failures;
    private boolean closed;

    SocketLogin(int perMinute, long now) {
        this.perMinute = perMinute;
        this.allowance = perMinute;
        this.refilledAt = now;
    }

    /** Starts an attempt: it becomes the latest, superseding any still being verified; returns its number. */
    public long begin() {
        return ++latest;
    }

    public boolean isLatest(long attempt) {
        return attempt == latest;
    }

    /** Takes one attempt from this minute's allowance; false when it is used up. */
    public boolean allowAttempt(long now) {
        allowance = Math.min(perMinute, allowance + (now - refilledAt) * perMinute / NANOS_PER_MINUTE);
        refilledAt = now;
        if (allowance < 1) {
            return false;
        }
        allowance -= 1;
        return true;
    }

    /** Counts a refused attempt; returns the refusals so far. */
    public int refused() {
        return ++failures;
    }

    public void close() {
        closed = true;
    }

    public boolean closed() {
        return closed;
    }
}
