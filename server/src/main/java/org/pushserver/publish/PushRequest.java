package org.pushserver.publish;

import org.pushserver.delivery.PushMessage;
import org.pushserver.mobile.MobileMode;
import org.pushserver.mobile.Notification;

import java.time.Duration;
import java.util.List;

/**
 * A validated push: distinct, normalised tokens and the message for them.
 *
 * @param tokens  distinct token ids in request order (empty for a broadcast)
 * @param message what to send
 * @param ttl     how long it waits in the inbox of each token without a socket; zero: not at all
 * @param notification what devices show, or null: no notification
 * @param mobile  which tokens' devices get {@code notification} ({@link MobileMode#NEVER} without one)
 */
public record PushRequest(List<String> tokens, PushMessage message, Duration ttl, Notification notification, MobileMode mobile) {
    public PushRequest {
        tokens = List.copyOf(tokens);
        if (notification == null) {
            mobile = MobileMode.NEVER;
        }
    }

    /** A push without a notification to devices. */
    public PushRequest(List<String> tokens, PushMessage message, Duration ttl) {
        this(tokens, message, ttl, null, MobileMode.NEVER);
    }
}
