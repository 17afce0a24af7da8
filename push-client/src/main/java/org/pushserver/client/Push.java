package org.pushserver.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * One push to tokens, the body of {@code POST /api}:
 * <pre>{@code Push.to("u-17", "u-18").type("like").data(Map.of("postId", 9)).ttl(Duration.ofHours(1))}</pre>
 * Each push sent by {@link PushClient#push} carries an {@code Idempotency-Key} (a random one unless
 * {@link #idempotencyKey} gives one), so the client's retries deliver it at most once.
 */
public final class Push {
    private final List<String> tokens;
    private String type = "";
    private Object data;
    private Duration ttl;
    private Notification notification;
    private String mobile;
    private String idempotencyKey;

    private Push(List<String> tokens) {
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException("tokens: give at least one");
        }
        tokens.forEach(t -> Objects.requireNonNull(t, "tokens: null token"));
        this.tokens = List.copyOf(tokens);
    }

    /** A push to these tokens (user ids as the sockets log in with them). */
    public static Push to(String... tokens) {
        return new Push(List.of(tokens));
    }

    /** A push to these tokens. */
    public static Push to(Collection<String> tokens) {
        return new Push(new ArrayList<>(tokens));
    }

    /** The message's type, the {@code entityType} the sockets see (default empty). */
    public Push type(String type) {
        this.type = Objects.requireNonNull(type, "type");
        return this;
    }

    /** The message's data: any value Jackson serialises (default {@code {}}). */
    public Push data(Object data) {
        this.data = data;
        return this;
    }

    /** Keep it in the inbox of tokens without a socket for this long (whole seconds, rounded up). */
    public Push ttl(Duration ttl) {
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("ttl: must not be negative, was " + ttl);
        }
        this.ttl = ttl;
        return this;
    }

    /** A notification for the tokens' phones and browsers. */
    public Push notification(Notification notification) {
        this.notification = Objects.requireNonNull(notification, "notification");
        return this;
    }

    /** Who gets the notification: {@code "offline"} (the server's default), {@code "always"} or {@code "never"}. */
    public Push mobile(String mobile) {
        this.mobile = Objects.requireNonNull(mobile, "mobile");
        return this;
    }

    /** Your own key for this push (e.g. {@code order-1234-shipped}), so that a retry of yours delivers it once too. */
    public Push idempotencyKey(String key) {
        this.idempotencyKey = Objects.requireNonNull(key, "idempotencyKey");
        return this;
    }

    String idempotencyKey() {
        return idempotencyKey;
    }

    ObjectNode toJson(ObjectMapper json) {
        ObjectNode node = json.createObjectNode();
        ArrayNode array = node.putArray("tokens");
        tokens.forEach(array::add);
        node.put("entityType", type);
        if (data != null) {
            node.set("data", json.valueToTree(data));
        }
        if (ttl != null) {
            node.put("ttl", ttl.getSeconds() + (ttl.getNano() > 0 ? 1 : 0));
        }
        if (notification != null) {
            node.set("notification", notification.toJson(json));
        }
        if (mobile != null) {
            node.put("mobile", mobile);
        }
        return node;
    }
}
