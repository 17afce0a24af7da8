package org.pushserver.mobile;

import java.time.Duration;
import java.util.Objects;

/**
 * What one attempt to send to one device gave, as the provider answered it. Retrying is the caller's job; a provider
 * only classifies the answer.
 *
 * @param outcome    what it means
 * @param retryAfter for {@link Outcome#RETRY}: the provider's {@code Retry-After}, or null when it gave none
 * @param reason     the provider's own reason ({@code BadDeviceToken}, {@code UNREGISTERED}, {@code 503}...), for logs
 */
public record SendResult(Outcome outcome, Duration retryAfter, String reason) {
    public SendResult {
        Objects.requireNonNull(outcome, "outcome");
    }

    /** Accepted by the provider. */
    public static SendResult sent() {
        return new SendResult(Outcome.SENT, null, "ok");
    }

    /** How the caller should go on. */
    public enum Outcome {
        /** Accepted: the device will get it. */
        SENT,
        /** The device no longer exists (APNs 410/BadDeviceToken, FCM UNREGISTERED, Web Push 404/410): remove it. */
        GONE,
        /** A transient failure (429, 5xx, a network error): try again later, after {@code retryAfter} when given. */
        RETRY,
        /** A permanent failure that is not the device's (a bad payload, bad credentials): give up, keep the device. */
        FAILED
    }
}
