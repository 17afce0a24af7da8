package org.pushserver.mobile.fcm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.pushserver.mobile.JsonMerge;
import org.pushserver.mobile.MobilePush;
import org.pushserver.mobile.Notification;
import org.pushserver.mobile.Platform;

import java.util.Map;

/**
 * Builds the FCM HTTP v1 request body for one push:
 * <pre>{"message": {"token", "notification": {"title", "body"}, "data": {…, "messageId"},
 *   "android": {"collapse_key", "ttl": "Ns", "notification": {"sound"}},
 *   "apns": {"payload": {"aps": {"badge", "sound"}}}}}</pre>
 * FCM's {@code data} holds strings only, so other JSON values are sent as their JSON text. The {@code "fcm"}
 * override is merged into {@code message} (objects key by key, other values replace), except that it cannot
 * re-target the message: {@code token} stays the device's, and {@code topic} and {@code condition} are dropped.
 */
final class FcmMessage {
    private static final ObjectMapper JSON = new ObjectMapper();

    private FcmMessage() {
    }

    static String of(String deviceToken, MobilePush push) {
        Notification n = push.notification();
        ObjectNode message = JSON.createObjectNode();
        message.put("token", deviceToken);
        if (n.title() != null || n.body() != null) {
            ObjectNode notification = message.putObject("notification");
            putIfSet(notification, "title", n.title());
            putIfSet(notification, "body", n.body());
        }
        ObjectNode data = message.putObject("data");
        if (n.data() != null) {
            for (Map.Entry<String, JsonNode> e : n.data().properties()) {
                data.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString());
            }
        }
        putIfSet(data, "messageId", push.messageId());
        ObjectNode android = message.putObject("android");
        putIfSet(android, "collapse_key", n.collapseKey());
        android.put("ttl", push.ttl().toSeconds() + "s"); // 0s: now or never
        if (n.sound() != null) {
            android.putObject("notification").put("sound", n.sound());
        }
        if (n.badge() != null || n.sound() != null) { // iOS apps reached through FCM
            ObjectNode aps = message.putObject("apns").putObject("payload").putObject("aps");
            if (n.badge() != null) {
                aps.put("badge", n.badge());
            }
            putIfSet(aps, "sound", n.sound());
        }
        ObjectNode override = n.override(Platform.FCM);
        if (override != null) {
            JsonMerge.deepMerge(message, override);
            message.put("token", deviceToken);
            message.remove("topic");
            message.remove("condition");
        }
        return JSON.createObjectNode().set("message", message).toString();
    }

    private static void putIfSet(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }
}
