package org.pushserver.mobile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.Map;

/** A device as JSON: whole for a shared store, and without the subscription's keys for {@code GET /api/devices}. */
public final class DeviceJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private DeviceJson() {
    }

    /** Everything, to store. */
    public static String stored(Device d) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("tokenId", d.tokenId()).put("platform", d.platform().value()).put("registeredAt", d.registeredAt());
        if (d.subscription() != null) {
            n.putObject("subscription").put("endpoint", d.subscription().endpoint()).putObject("keys")
                    .put("p256dh", d.subscription().p256dh()).put("auth", d.subscription().auth());
        } else {
            n.put("deviceToken", d.deviceToken());
        }
        return n.toString();
    }

    /** A device {@link #stored} wrote. */
    public static Device read(String json) {
        try {
            JsonNode n = MAPPER.readTree(json);
            JsonNode s = n.get("subscription");
            WebPushSubscription sub = s == null ? null : new WebPushSubscription(s.get("endpoint").asText(),
                    s.get("keys").get("p256dh").asText(), s.get("keys").get("auth").asText());
            return new Device(n.get("tokenId").asText(), Platform.of(n.get("platform").asText()).orElseThrow(),
                    sub == null ? n.get("deviceToken").asText() : null, sub, n.get("registeredAt").asLong());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored device is not JSON", e);
        }
    }

    /** What a publisher sees: the platform, the device token or endpoint, when registered; no encryption keys. */
    public static Map<String, Object> shown(Device d) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("platform", d.platform().value());
        if (d.subscription() != null) {
            out.put("subscription", Map.of("endpoint", d.subscription().endpoint()));
        } else {
            out.put("deviceToken", d.deviceToken());
        }
        out.put("registeredAt", d.registeredAt());
        return out;
    }
}
