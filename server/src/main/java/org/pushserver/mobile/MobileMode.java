package org.pushserver.mobile;

import java.util.Locale;
import java.util.Optional;

/** A push's {@code "mobile"} field: which of its tokens also get the notification on their devices. */
public enum MobileMode {
    /** Only tokens with no socket anywhere in the cluster (and those whose presence could not be asked). The default. */
    OFFLINE,
    /** Every token, whether or not a socket got the message. */
    ALWAYS,
    /** None: the notification is ignored. */
    NEVER;

    /** The API's name: {@code offline}, {@code always} or {@code never}. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The mode named {@code value} exactly as the API spells it, or empty. */
    public static Optional<MobileMode> of(String value) {
        for (MobileMode m : values()) {
            if (m.value().equals(value)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
