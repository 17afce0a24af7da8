package org.pushserver.mobile;

import java.util.Objects;

/**
 * One registered device of a token. {@code apns} and {@code fcm} devices have a {@code deviceToken}; {@code webpush}
 * devices a {@code subscription} instead.
 *
 * @param tokenId      the user it belongs to
 * @param platform     which push service reaches it
 * @param deviceToken  the provider's device token (null for webpush)
 * @param subscription the browser's subscription (null unless webpush)
 * @param registeredAt when it was (last) registered, ms since the epoch: the oldest is dropped first at the limit
 */
public record Device(String tokenId, Platform platform, String deviceToken, WebPushSubscription subscription,
                     long registeredAt) {
    public Device {
        Objects.requireNonNull(tokenId, "tokenId");
        Objects.requireNonNull(platform, "platform");
        if ((platform == Platform.WEBPUSH) != (subscription != null) || (subscription == null) != (deviceToken != null)) {
            throw new IllegalArgumentException("a webpush device has a subscription, the others a deviceToken");
        }
    }

    /** What identifies the device within its token: re-registering it replaces it rather than adding a second. */
    public String address() {
        return platform.value() + ":" + (subscription != null ? subscription.endpoint() : deviceToken);
    }
}
