package org.pushserver.config.check;

import java.time.Duration;

/** Validation shared by the config records; each failure names the key. */
public final class Check {
    private Check() {
    }

    public static void notBlank(String key, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidConfigException(key + ": must not be empty");
        }
    }

    public static void range(String key, long value, long min, long max) {
        if (value < min || value > max) {
            throw new InvalidConfigException(key + ": must be between " + min + " and " + max + ", got " + value);
        }
    }

    public static void positive(String key, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new InvalidConfigException(key + ": must be a positive duration, got " + value);
        }
    }

    public static void notNegative(String key, Duration value) {
        if (value == null || value.isNegative()) {
            throw new InvalidConfigException(key + ": must not be negative, got " + value);
        }
    }
}
