package org.pushserver.config.mobile;

import org.pushserver.config.check.Check;

import java.time.Duration;
import java.util.Objects;

/**
 * Notifications to devices of tokens without a socket: the device registry's bound, the send queue, retries, and
 * each provider's own section (a provider is off unless configured).
 *
 * @param maxDevicesPerToken {@code MAX_DEVICES_PER_TOKEN}: beyond it the oldest device of the token is dropped
 * @param queueSize          {@code MOBILE_QUEUE_SIZE}: notifications waiting to be sent
 * @param maxAttempts        {@code MOBILE_MAX_ATTEMPTS}: attempts per notification on transient failures
 * @param maxRetry           {@code MOBILE_MAX_RETRY_MS}: how long a notification is retried at most
 */
public record MobileConfig(int maxDevicesPerToken, int queueSize, int maxAttempts, Duration maxRetry, ApnsConfig apns,
                           FcmConfig fcm, WebPushConfig webPush) {
    public MobileConfig {
        Check.range("MAX_DEVICES_PER_TOKEN", maxDevicesPerToken, 1, 1000);
        Check.range("MOBILE_QUEUE_SIZE", queueSize, 1, 10_000_000);
        Check.range("MOBILE_MAX_ATTEMPTS", maxAttempts, 1, 100);
        Check.positive("MOBILE_MAX_RETRY_MS", maxRetry);
        Objects.requireNonNull(apns, "apns");
        Objects.requireNonNull(fcm, "fcm");
        Objects.requireNonNull(webPush, "webPush");
    }

    /** True when at least one provider is configured. */
    public boolean enabled() {
        return apns.enabled() || fcm.enabled() || webPush.enabled();
    }
}
