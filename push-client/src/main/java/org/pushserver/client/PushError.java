package org.pushserver.client;

import java.util.Locale;

/**
 * The {@code error} codes the server answers (its {@code ErrorCode}), plus two of this client's own:
 * {@link #UNREACHABLE} (no node answered) and {@link #UNKNOWN} (a code this version does not know, or an answer that
 * was not the server's JSON error).
 */
public enum PushError {
    /** 400: the body is not valid JSON. */
    INVALID_JSON,
    /** 400: a field has the wrong type or value; the message names it. */
    INVALID_FIELD,
    /** 400: the HTTP request itself is malformed. */
    MALFORMED_REQUEST,
    /** 401: no valid bearer key and no signature. */
    UNAUTHORIZED,
    /** 401: the signature is malformed or made with no configured key. */
    INVALID_SIGNATURE,
    /** 401: the timestamp is too far from the server's clock. */
    STALE_TIMESTAMP,
    /** 401: this signature was already used (this client re-signs and retries it). */
    REPLAYED_REQUEST,
    /** 401: an operational route needs an ops key. */
    OPS_KEY_REQUIRED,
    /** 403: protected mode (no API keys configured) and this caller is not on loopback. */
    FORBIDDEN,
    /** 403: the Origin header is not allowed. */
    ORIGIN_NOT_ALLOWED,
    /** 404: no such route (for example a server without this feature). */
    NOT_FOUND,
    /** 404: the message id is unknown or forgotten. */
    MESSAGE_NOT_FOUND,
    /** 405: wrong method on this route. */
    METHOD_NOT_ALLOWED,
    /** 408: the request was not received in time. */
    REQUEST_TIMEOUT,
    /** 409: this Idempotency-Key was used with a different request. */
    IDEMPOTENCY_CONFLICT,
    /** 409: the first request with this Idempotency-Key is still running (this client retries it). */
    IDEMPOTENCY_IN_PROGRESS,
    /** 413: the body is too large. */
    BODY_TOO_LARGE,
    /** 413: more tokens than the server accepts in one push. */
    TOO_MANY_TOKENS,
    /** 415: unsupported Content-Type. */
    UNSUPPORTED_MEDIA_TYPE,
    /** 429: over a rate limit; see {@link PushException#retryAfter()} (this client waits and retries). */
    RATE_LIMITED,
    /** 500: a bug on the server. */
    INTERNAL,
    /** 503: the cluster store is unreachable. */
    CLUSTER_UNAVAILABLE,
    /** 503: the server is draining. */
    SHUTTING_DOWN,
    /** No node answered: connection refused, reset or timed out on every attempt. */
    UNREACHABLE,
    /** An error code this client does not know, or an answer that is not the server's JSON error. */
    UNKNOWN;

    /** The constant for the server's {@code error} field, {@link #UNKNOWN} for any other. */
    static PushError of(String code) {
        if (code != null) {
            try {
                return valueOf(code.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                // a newer server's code
            }
        }
        return UNKNOWN;
    }

    /** The server's spelling, e.g. {@code rate_limited}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
