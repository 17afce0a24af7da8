package org.pushserver.delivery;

import java.util.function.Supplier;

/**
 * Told by the rooms whenever a local socket joins or leaves a token, in the same call that changes the membership
 * (socket.io's adapter seam), so presence can never drift from the rooms.
 */
public interface PresenceListener {
    /** A local socket joined {@code token}. */
    void joined(String token);

    /** A local socket left {@code token} (logout, another login, or disconnect). */
    void left(String token);

    /** This listener, then {@code next}: one seam for several parts (the cluster's presence, the webhooks). */
    default PresenceListener andThen(PresenceListener next) {
        PresenceListener first = this;
        return new PresenceListener() {
            @Override
            public void joined(String token) {
                first.joined(token);
                next.joined(token);
            }

            @Override
            public void left(String token) {
                first.left(token);
                next.left(token);
            }
        };
    }

    /** A listener that forwards to the one {@code target} supplies when called: for parts built after the rooms. */
    static PresenceListener deferred(Supplier<? extends PresenceListener> target) {
        return new PresenceListener() {
            @Override
            public void joined(String token) {
                target.get().joined(token);
            }

            @Override
            public void left(String token) {
                target.get().left(token);
            }
        };
    }
}
