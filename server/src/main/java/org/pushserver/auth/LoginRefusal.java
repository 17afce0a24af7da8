package org.pushserver.auth;

/**
 * The reasons a login is refused that the server itself gives: the text is safe to show the client (it never echoes
 * the credential), the tag is a short fixed word for metrics. A verifier may give other reasons; they are tagged
 * {@link #OTHER}, so a metric never gets one series per free text.
 */
public enum LoginRefusal {
    BAD_TOKEN_ID("tokenId must be a non-empty string or an integer of at most 256 characters", "bad_token_id"),
    MALFORMED("malformed token", "malformed"),
    BAD_SIGNATURE("bad signature", "bad_signature"),
    EXPIRED("token expired", "expired"),
    NOT_YET_VALID("token not yet valid", "not_yet_valid"),
    WRONG_ISSUER("wrong issuer", "wrong_issuer"),
    WRONG_AUDIENCE("wrong audience", "wrong_audience"),
    MISSING_ROOM_CLAIM("missing room claim", "missing_room_claim"),
    CHECK_FAILED("login check failed", "check_failed"),
    TOO_MANY_LOGINS("too many logins", "too_many_logins"),
    TOO_MANY_SOCKETS("too many sockets for this token", "too_many_sockets"),
    SERVICE_UNAVAILABLE("login service unavailable", "service_unavailable"),
    TOKEN_REFUSED("token refused", "token_refused"),
    OTHER("login refused", "other");

    private final String reason;
    private final String tag;

    LoginRefusal(String reason, String tag) {
        this.reason = reason;
        this.tag = tag;
    }

    /** The text for the client. */
    public String reason() {
        return reason;
    }

    /** The metric tag. */
    public String tag() {
        return tag;
    }

    /** This refusal as a verdict. */
    public LoginVerdict verdict() {
        return LoginVerdict.refused(reason);
    }

    /** The refusal whose text {@code reason} is, or {@link #OTHER}. */
    public static LoginRefusal of(String reason) {
        for (LoginRefusal r : values()) {
            if (r.reason.equals(reason)) {
                return r;
            }
        }
        return OTHER;
    }
}
