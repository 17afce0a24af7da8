package org.pushserver.mobile.apns;

import com.eatthepath.pushy.apns.DeliveryPriority;
import com.eatthepath.pushy.apns.PushType;
import com.eatthepath.pushy.apns.util.SimpleApnsPushNotification;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.pushserver.mobile.JsonMerge;
import org.pushserver.mobile.MobilePush;
import org.pushserver.mobile.Notification;
import org.pushserver.mobile.Platform;

import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the APNs request for one push: the JSON payload ({@code aps.alert.title/body}, {@code aps.badge},
 * {@code aps.sound}, the custom data and {@code messageId} at the top level) and the headers (topic, collapse id,
 * expiration from the TTL, priority 10, push type {@code alert}).
 *
 * <p>The {@code "apns"} override is taken in the shape Firebase's {@code ApnsConfig} uses: {@code "headers"} may set
 * {@code apns-priority}, {@code apns-push-type}, {@code apns-expiration}, {@code apns-collapse-id} and
 * {@code apns-topic} (other headers are ignored); {@code "payload"} is merged into the payload. Any other key of the
 * override (such as {@code "aps"}) is merged into the payload too.
 */
final class ApnsNotification {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ApnsNotification() {
    }

    /** The request; {@link IllegalArgumentException} names a header of the override that APNs would refuse. */
    static SimpleApnsPushNotification of(String deviceToken, String topic, MobilePush push) {
        Notification n = push.notification();
        ObjectNode payload = payload(push);
        ObjectNode override = n.override(Platform.APNS);
        Map<String, String> headers = Map.of();
        if (override != null) {
            ObjectNode rest = override.deepCopy();
            JsonNode h = rest.remove("headers");
            JsonNode p = rest.remove("payload");
            if (p instanceof ObjectNode fromPayload) {
                JsonMerge.deepMerge(payload, fromPayload);
            }
            JsonMerge.deepMerge(payload, rest);
            headers = h instanceof ObjectNode ho ? strings(ho) : Map.of();
        }
        // a zero TTL is APNs' expiration 0: deliver now or never
        Instant expiration = push.ttl().isZero() ? Instant.EPOCH : Instant.now().plus(push.ttl());
        if (headers.containsKey("apns-expiration")) {
            expiration = Instant.ofEpochSecond(number(headers, "apns-expiration"));
        }
        DeliveryPriority priority = headers.containsKey("apns-priority")
                ? DeliveryPriority.getFromCode((int) number(headers, "apns-priority")) : DeliveryPriority.IMMEDIATE;
        PushType pushType = headers.containsKey("apns-push-type")
                ? PushType.getFromHeaderValue(headers.get("apns-push-type")) : PushType.ALERT;
        return new SimpleApnsPushNotification(deviceToken, headers.getOrDefault("apns-topic", topic), payload.toString(),
                expiration, priority, pushType, headers.getOrDefault("apns-collapse-id", n.collapseKey()));
    }

    private static ObjectNode payload(MobilePush push) {
        Notification n = push.notification();
        ObjectNode payload = JSON.createObjectNode();
        if (n.data() != null) {
            payload.setAll(n.data().deepCopy());
        }
        ObjectNode aps = payload.putObject("aps"); // the app's data never replaces Apple's dictionary
        if (n.title() != null || n.body() != null) {
            ObjectNode alert = aps.putObject("alert");
            if (n.title() != null) {
                alert.put("title", n.title());
            }
            if (n.body() != null) {
                alert.put("body", n.body());
            }
        }
        if (n.badge() != null) {
            aps.put("badge", n.badge());
        }
        if (n.sound() != null) {
            aps.put("sound", n.sound());
        }
        if (push.messageId() != null) {
            payload.put("messageId", push.messageId());
        }
        return payload;
    }

    private static Map<String, String> strings(ObjectNode headers) {
        Map<String, String> out = new HashMap<>();
        headers.properties().forEach(e -> out.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue().asText()));
        return out;
    }

    private static long number(Map<String, String> headers, String name) {
        try {
            return Long.parseLong(headers.get(name).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("apns override: header " + name + " must be a number, got '"
                    + headers.get(name) + "'");
        }
    }
}
