package org.pushserver.client;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Reading the server's answers leniently: a missing field is empty, an unknown one is ignored. */
final class Answers {
    private Answers() {
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    static List<String> strings(JsonNode node, String field) {
        return list(node, field, JsonNode::asText);
    }

    static <T> List<T> list(JsonNode node, String field, Function<JsonNode, T> each) {
        List<T> out = new ArrayList<>();
        JsonNode array = node.get(field);
        if (array != null && array.isArray()) {
            array.forEach(element -> out.add(each.apply(element)));
        }
        return Collections.unmodifiableList(out);
    }

    static <T> Map<String, T> map(JsonNode node, String field, Function<JsonNode, T> each) {
        Map<String, T> out = new LinkedHashMap<>();
        JsonNode object = node.get(field);
        if (object != null && object.isObject()) {
            object.fields().forEachRemaining(e -> out.put(e.getKey(), each.apply(e.getValue())));
        }
        return Collections.unmodifiableMap(out);
    }
}
