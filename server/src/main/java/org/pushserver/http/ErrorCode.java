package org.pushserver.http;

/** Every error the HTTP API answers, mapped once to its status and a default message. */
public enum ErrorCode {
    INVALID_JSON(400, "the body is not valid JSON"),
    INVALID_FIELD(400, "a field has the wrong type or value"),
    PLATFORM_NOT_CONFIGURED(400, "this server has no provider for the device's platform: see docs/MOBILE.md"),
    MALFORMED_REQUEST(400, "the HTTP request is malformed; the connection is closed"),
    UNAUTHORIZED(401, "send Authorization: Bearer <api key>, or sign the request (X-Timestamp, X-Signature)"),
    INVALID_SIGNATURE(401, "X-Signature must be sha256=<hex HMAC-SHA256 of X-Timestamp + \".\" + the raw body>, keyed "
            + "with an API key, and X-Timestamp the Unix time in seconds"),
    STALE_TIMESTAMP(401, "X-Timestamp is further from the server's clock than HMAC_MAX_SKEW_MS"),
    REPLAYED_REQUEST(401, "this signature was already used: sign every request with a fresh timestamp"),
    OPS_KEY_REQUIRED(401, "send Authorization: Bearer <ops key> (OPS_KEYS)"),
    FORBIDDEN(403, "no API key is configured, so only loopback callers may publish: set API_KEYS (or --api-keys) "
            + "and send Authorization: Bearer <key>"),
    ORIGIN_NOT_ALLOWED(403, "browser pages from this Origin may not call this route: see CORS_ORIGINS"),
    NOT_FOUND(404, "no such route"),
    MESSAGE_NOT_FOUND(404, "the id is unknown, or older than its history (HISTORY_TTL_MS)"),
    METHOD_NOT_ALLOWED(405, "method not allowed on this route"),
    REQUEST_TIMEOUT(408, "the request was not received in time"),
    IDEMPOTENCY_CONFLICT(409, "this Idempotency-Key was used with a different request: use a new key for a new request"),
    IDEMPOTENCY_IN_PROGRESS(409, "a request with this Idempotency-Key is still being answered: retry in a moment"),
    BODY_TOO_LARGE(413, "the body is larger than MAX_BODY_BYTES"),
    TOO_MANY_TOKENS(413, "more tokens than MAX_TOKENS_PER_PUSH"),
    UNSUPPORTED_MEDIA_TYPE(415, "send Content-Type: application/json or application/x-www-form-urlencoded"),
    RATE_LIMITED(429, "too many requests: retry after the number of seconds in Retry-After"),
    INTERNAL(500, "internal error"),
    CLUSTER_UNAVAILABLE(503, "the cluster store (Redis) is unreachable and nothing could be delivered"),
    SHUTTING_DOWN(503, "the server is shutting down");

    private final int status;
    private final String defaultMessage;

    ErrorCode(int status, String defaultMessage) {
        this.status = status;
        this.defaultMessage = defaultMessage;
    }

    public int status() {
        return status;
    }

    /** The {@code error} field: the constant's name in lower case. */
    public String code() {
        return name().toLowerCase();
    }

    public String defaultMessage() {
        return defaultMessage;
    }
}
