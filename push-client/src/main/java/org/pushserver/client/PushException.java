package org.pushserver.client;

import java.time.Duration;
import java.util.Optional;

/**
 * A call the server refused, or that reached no node: the server's {@code {"error", "message"}} with the HTTP status.
 * {@link #error()} is the typed code, {@link #code()} the server's own spelling (also for codes this version does not
 * know).
 */
public final class PushException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final Duration retryAfter;

    PushException(int status, String code, String message, Duration retryAfter, Throwable cause) {
        super(status == 0 ? message : status + " " + code + ": " + message, cause);
        this.status = status;
        this.code = code;
        this.retryAfter = retryAfter;
    }

    /** The typed error; {@link PushError#UNKNOWN} for a code this version does not know. */
    public PushError error() {
        return PushError.of(code);
    }

    /** The server's {@code error} field as sent (e.g. {@code rate_limited}), or this client's code. */
    public String code() {
        return code;
    }

    /** The HTTP status, 0 when no node answered. */
    public int status() {
        return status;
    }

    /** The server's {@code Retry-After}, when it sent one (with {@code rate_limited}). */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
