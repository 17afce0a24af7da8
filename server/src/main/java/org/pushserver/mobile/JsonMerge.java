package org.pushserver.mobile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;

/**
 * Merges a provider override into the message a provider built: objects merge key by key, anything else (a value,
 * an array, null) replaces. So {@code "apns": {"aps": {"sound": "x"}}} changes the sound and keeps the alert.
 */
public final class JsonMerge {
    private JsonMerge() {
    }

    /** Merges {@code source} into {@code target} (changed in place, and returned); {@code source} is not changed. */
    public static ObjectNode deepMerge(ObjectNode target, ObjectNode source) {
        for (Map.Entry<String, JsonNode> field : source.properties()) {
            JsonNode existing = target.get(field.getKey());
            if (existing instanceof ObjectNode into && field.getValue() instanceof ObjectNode from) {
                deepMerge(into, from);
            } else {
                target.set(field.getKey(), field.getValue().deepCopy());
            }
        }
        return target;
    }
}
