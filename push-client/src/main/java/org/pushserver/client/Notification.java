package org.pushserver.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Objects;

/**
 * A push's mobile or web notification, for the tokens without a socket:
 * {@code {"title", "body", "data"?, "badge"?, "sound"?, "collapseKey"?}}.
 * <pre>{@code Notification.of("New like", "Ann liked your post").badge(3).sound("default")}</pre>
 */
public final class Notification {
    private final String title;
    private final String body;
    private Object data;
    private Integer badge;
    private String sound;
    private String collapseKey;

    private Notification(String title, String body) {
        this.title = Objects.requireNonNull(title, "title");
        this.body = Objects.requireNonNull(body, "body");
    }

    /** A notification with this title and text. */
    public static Notification of(String title, String body) {
        return new Notification(title, body);
    }

    /** Data handed to the app with the notification (any value Jackson serialises). */
    public Notification data(Object data) {
        this.data = data;
        return this;
    }

    /** The app icon's badge count. */
    public Notification badge(int badge) {
        this.badge = badge;
        return this;
    }

    /** The sound to play, e.g. {@code default}. */
    public Notification sound(String sound) {
        this.sound = sound;
        return this;
    }

    /** Notifications with the same key replace each other on the device. */
    public Notification collapseKey(String collapseKey) {
        this.collapseKey = collapseKey;
        return this;
    }

    ObjectNode toJson(ObjectMapper json) {
        ObjectNode node = json.createObjectNode().put("title", title).put("body", body);
        if (data != null) {
            node.set("data", json.valueToTree(data));
        }
        if (badge != null) {
            node.put("badge", badge);
        }
        if (sound != null) {
            node.put("sound", sound);
        }
        if (collapseKey != null) {
            node.put("collapseKey", collapseKey);
        }
        return node;
    }
}
