package org.pushserver.mobile;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;
import java.util.Objects;

/**
 * What a push shows on a device: the request's {@code "notification"} object, plus the provider overrides
 * ({@code "apns"}, {@code "fcm"}, {@code "webpush"}) passed through in each provider's own format.
 *
 * @param title       shown as the title
 * @param body        shown as the text
 * @param data        custom key/values for the app, or null
 * @param badge       the app icon's badge (APNs), or null
 * @param sound       the sound to play, or null
 * @param collapseKey newer notifications with the same key replace older ones (APNs collapse id, FCM collapse_key,
 *                    Web Push {@code Topic}), or null
 * @param overrides   per platform, the request's raw override object (absent when none); never null
 */
public record Notification(String title, String body, ObjectNode data, Integer badge, String sound, String collapseKey,
                           Map<Platform, ObjectNode> overrides) {
    public Notification {
        overrides = Map.copyOf(Objects.requireNonNull(overrides, "overrides"));
    }

    /** The override object for {@code platform}, or null. */
    public ObjectNode override(Platform platform) {
        return overrides.get(platform);
    }
}
