package org.pushserver.mobile.webpush;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.pushserver.mobile.MobilePush;
import org.pushserver.mobile.Notification;
import org.pushserver.mobile.Platform;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What one push becomes for a browser: the JSON its service worker reads from {@code event.data.json()} and the
 * headers that steer the push service.
 * <p>
 * The JSON is {@code {"title", "body", "data", "badge"?, "sound"?, "messageId"}}. The request's {@code "webpush"}
 * override is merged into it field by field (an override field replaces the one of the same name, e.g. {@code icon},
 * {@code url}, {@code actions}), except {@code "urgency"} ({@code very-low}, {@code low}, {@code normal},
 * {@code high}) and {@code "topic"}, which become the {@code Urgency} and {@code Topic} headers. The topic is the
 * override's, else the notification's {@code collapseKey}; one that is not at most 32 base64url characters is
 * replaced by 32 characters of its SHA-256, so it stays a stable key.
 *
 * @param json    the plaintext to encrypt
 * @param urgency the {@code Urgency} header, or null
 * @param topic   the {@code Topic} header, or null
 */
record WebPushMessage(byte[] json, String urgency, String topic) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> URGENCIES = Set.of("very-low", "low", "normal", "high");
    private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9_-]{1,32}");

    /** The message for {@code push}; IllegalArgumentException naming the field when the override is unusable. */
    static WebPushMessage of(MobilePush push) {
        Notification n = push.notification();
        ObjectNode body = JSON.createObjectNode();
        body.put("title", n.title());
        body.put("body", n.body());
        body.set("data", n.data() != null ? n.data() : JSON.createObjectNode());
        if (n.badge() != null) {
            body.put("badge", n.badge());
        }
        if (n.sound() != null) {
            body.put("sound", n.sound());
        }
        body.put("messageId", push.messageId());
        String urgency = null;
        String topic = n.collapseKey();
        ObjectNode override = n.override(Platform.WEBPUSH);
        if (override != null) {
            for (Map.Entry<String, JsonNode> field : override.properties()) {
                switch (field.getKey()) {
                    case "urgency" -> urgency = urgency(field.getValue());
                    case "topic" -> topic = field.getValue().isTextual() ? field.getValue().asText() : null;
                    default -> body.set(field.getKey(), field.getValue());
                }
            }
        }
        try {
            return new WebPushMessage(JSON.writeValueAsBytes(body), urgency, topic(topic));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("the notification cannot be written as JSON", e);
        }
    }

    private static String urgency(JsonNode value) {
        if (!value.isTextual() || !URGENCIES.contains(value.asText())) {
            throw new IllegalArgumentException("webpush.urgency must be one of very-low, low, normal, high");
        }
        return value.asText();
    }

    /** A Topic header value: the key itself when it is one, else a stable 32-character digest of it. */
    static String topic(String key) {
        if (key == null || key.isEmpty()) {
            return null;
        }
        if (TOPIC.matcher(key).matches()) {
            return key;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return P256.base64url(java.util.Arrays.copyOf(digest, 24)); // 24 bytes: exactly 32 characters
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
