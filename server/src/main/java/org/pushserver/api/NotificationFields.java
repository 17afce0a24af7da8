package org.pushserver.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.pushserver.http.ErrorCode;
import org.pushserver.mobile.MobileMode;
import org.pushserver.mobile.Notification;
import org.pushserver.mobile.Platform;

import java.util.EnumMap;
import java.util.Map;

/**
 * The fields of a push for devices: {@code "notification": {"title", "body", "data"?, "badge"?, "sound"?,
 * "collapseKey"?}}, the provider overrides {@code "apns"}, {@code "fcm"}, {@code "webpush"} (objects passed through),
 * and {@code "mobile": "offline" | "always" | "never"}. Kept apart from {@link PushRequestParser} so that a rewrite of
 * that parser only has to hand it the body.
 */
final class NotificationFields {
    /** APNs allows a collapse id of 64 bytes. */
    static final int MAX_COLLAPSE_KEY = 64;

    /** A push's notification and mode. */
    record Parsed(Notification notification, MobileMode mode) {
    }

    private NotificationFields() {
    }

    /** The notification of {@code body} (null when it has none) and its mode ({@code offline} by default). */
    static Parsed parse(ObjectNode body) {
        JsonNode n = body.get("notification");
        MobileMode mode = mode(body.get("mobile"));
        if (n == null || n.isNull()) {
            return new Parsed(null, MobileMode.NEVER);
        }
        if (!n.isObject()) {
            throw invalid("notification: must be an object {title, body, data?, badge?, sound?, collapseKey?}");
        }
        JsonNode data = n.get("data");
        if (data != null && !data.isNull() && !data.isObject()) {
            throw invalid("notification.data: must be an object");
        }
        JsonNode badge = n.get("badge");
        if (badge != null && !badge.isNull() && !(badge.isIntegralNumber() && badge.canConvertToInt() && badge.intValue() >= 0)) {
            throw invalid("notification.badge: must be a whole number, 0 or more");
        }
        String collapseKey = text(n, "collapseKey");
        if (collapseKey != null && collapseKey.length() > MAX_COLLAPSE_KEY) {
            throw invalid("notification.collapseKey: longer than " + MAX_COLLAPSE_KEY + " characters");
        }
        Map<Platform, ObjectNode> overrides = new EnumMap<>(Platform.class);
        for (Platform p : Platform.values()) {
            JsonNode o = body.get(p.value());
            if (o != null && !o.isNull()) {
                if (!o.isObject()) {
                    throw invalid(p.value() + ": must be an object, in " + p.value() + "'s own format");
                }
                overrides.put(p, (ObjectNode) o);
            }
        }
        Notification notification = new Notification(text(n, "title"), text(n, "body"),
                data == null || data.isNull() ? null : (ObjectNode) data, badge == null || badge.isNull() ? null : badge.intValue(),
                text(n, "sound"), collapseKey, overrides);
        return new Parsed(notification, mode == null ? MobileMode.OFFLINE : mode);
    }

    private static MobileMode mode(JsonNode m) {
        if (m == null || m.isNull()) {
            return null;
        }
        return MobileMode.of(m.isTextual() ? m.textValue() : null)
                .orElseThrow(() -> invalid("mobile: must be one of offline, always, never"));
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw invalid("notification." + field + ": must be a string");
        }
        return v.textValue();
    }

    private static ApiException invalid(String message) {
        return new ApiException(ErrorCode.INVALID_FIELD, message);
    }
}
