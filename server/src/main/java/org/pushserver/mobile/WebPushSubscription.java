package org.pushserver.mobile;

import java.util.Objects;

/**
 * A browser's push subscription ({@code PushSubscription.toJSON()}): where to post, and the keys to encrypt for.
 *
 * @param endpoint the push service URL the browser chose (only allow-listed hosts are ever contacted)
 * @param p256dh   the browser's public key: base64url of the 65-byte uncompressed P-256 point
 * @param auth     the browser's auth secret: base64url of 16 bytes
 */
public record WebPushSubscription(String endpoint, String p256dh, String auth) {
    public WebPushSubscription {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(p256dh, "p256dh");
        Objects.requireNonNull(auth, "auth");
    }
}
