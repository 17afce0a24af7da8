package org.pushserver.mobile;

import java.util.Locale;
import java.util.Optional;

/** A push service that reaches a device without an open socket. The lower-case name is the API's value. */
public enum Platform {
    /** Apple Push Notification service (iOS, iPadOS, macOS apps). */
    APNS,
    /** Firebase Cloud Messaging, HTTP v1 (Android, and apps that route through Firebase). */
    FCM,
    /** The Web Push protocol (RFC 8030/8291/8292): browsers' push services. */
    WEBPUSH;

    /** The API's name for it: {@code apns}, {@code fcm} or {@code webpush}. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The platform named {@code value} exactly as the API spells it, or empty. */
    public static Optional<Platform> of(String value) {
        for (Platform p : values()) {
            if (p.value().equals(value)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
