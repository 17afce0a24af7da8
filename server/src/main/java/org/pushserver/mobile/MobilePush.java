package org.pushserver.mobile;

import java.time.Duration;
import java.util.Objects;

/**
 * One notification to send to one device: what a provider is handed per attempt.
 *
 * @param messageId    the push's message id (providers put it in the app data as {@code messageId}, so an app that
 *                     also has a socket can drop the duplicate)
 * @param notification what to show
 * @param ttl          how long the provider may keep trying to reach the device; zero: now or never
 */
public record MobilePush(String messageId, Notification notification, Duration ttl) {
    public MobilePush {
        Objects.requireNonNull(notification, "notification");
        Objects.requireNonNull(ttl, "ttl");
    }
}
