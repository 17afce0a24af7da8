package org.pushserver.config.check;

/** A configuration value that cannot be used; the message names the key and says what is expected. */
public final class InvalidConfigException extends RuntimeException {
    public InvalidConfigException(String message) {
        super(message);
    }
}
