package org.pushserver.mobile;

/**
 * A device registration that cannot be accepted; the message starts with the field it is about. The HTTP route
 * answers it as a 400, the socket event as {@code {ok: false, error}}.
 */
public final class InvalidDeviceException extends RuntimeException {
    private final boolean notConfigured;

    InvalidDeviceException(String message, boolean notConfigured) {
        super(message, null, false, false);
        this.notConfigured = notConfigured;
    }

    /** True when the input is well formed but names a platform this server has no provider for. */
    public boolean notConfigured() {
        return notConfigured;
    }
}
