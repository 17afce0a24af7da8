package org.pushserver.client;

/** A webhook or client event that {@link WebhookVerifier} refused, with the reason. */
public final class WebhookVerificationException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why a webhook was refused. */
    public enum Reason {
        /** A header is missing, the timestamp is not Unix seconds, or the signature is not {@code sha256=<hex>}. */
        MALFORMED,
        /** The timestamp is further from this clock than the verifier's maximum skew. */
        STALE_TIMESTAMP,
        /** No configured secret produces this signature: forged, altered, or signed with an unknown secret. */
        WRONG_SIGNATURE,
        /** This signature was already accepted once within the skew window. */
        REPLAYED
    }

    private final Reason reason;

    WebhookVerificationException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** Why the webhook was refused. */
    public Reason reason() {
        return reason;
    }
}
