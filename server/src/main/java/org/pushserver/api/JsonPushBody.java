package org.pushserver.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.io.IOException;
import java.io.StringWriter;
import java.util.Set;

/**
 * A JSON push body read in one streaming pass: the small fields ({@code tokens}, {@code ttl}, {@code entityType}) as
 * the nodes a tree would hold, {@code data} copied token by token straight into its compact JSON text, so the push's payload (usually the
 * bulk of the body) is never built as a tree of nodes and then serialised again. The text is the same as the tree's
 * {@code toString()} (same generator, same number forms), so what sockets receive is unchanged.
 *
 * @param dataJson the {@code data} as compact JSON, or null when the body has none
 * @param devices  the fields for devices ({@code notification}, {@code mobile} and the provider overrides) as trees,
 *                 for {@link NotificationFields}; empty when the body has none
 */
record JsonPushBody(JsonNode tokens, JsonNode ttl, JsonNode entityType, String dataJson, ObjectNode devices) {
    private static final Set<String> DEVICE_FIELDS = Set.of("notification", "mobile", "apns", "fcm", "webpush");

    /**
     * Reads {@code body}, or answers null when it is not a JSON object at its start (the caller's tree path then says
     * what is wrong, with the same words as before). Malformed JSON fails as the tree path does.
     */
    static JsonPushBody read(ObjectMapper mapper, byte[] body) throws IOException {
        JsonFactory factory = mapper.getFactory();
        try (JsonParser parser = factory.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            JsonNode tokens = null;
            JsonNode ttl = null;
            JsonNode entityType = null;
            String dataJson = null;
            ObjectNode devices = JsonNodeFactory.instance.objectNode();
            for (JsonToken field = parser.nextToken(); field == JsonToken.FIELD_NAME; field = parser.nextToken()) {
                String name = parser.currentName();
                parser.nextToken();
                switch (name) { // a repeated field: the last wins, as in a tree
                    case "tokens" -> tokens = parser.currentToken() == JsonToken.START_ARRAY ? array(mapper, parser) : value(mapper, parser);
                    case "ttl" -> ttl = value(mapper, parser);
                    case "entityType" -> entityType = value(mapper, parser);
                    case "data" -> dataJson = copy(factory, parser);
                    default -> {
                        if (DEVICE_FIELDS.contains(name)) {
                            devices.set(name, mapper.readTree(parser));
                        } else {
                            parser.skipChildren();
                        }
                    }
                }
            }
            return new JsonPushBody(tokens, ttl, entityType, dataJson, devices);
        }
    }

    /** An array of scalars (what tokens are), element by element; anything else inside as a tree. */
    private static JsonNode array(ObjectMapper mapper, JsonParser parser) throws IOException {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
            array.add(value(mapper, parser));
        }
        return array;
    }

    /**
     * The value at the parser: strings, whole numbers and null made as the tree would make them, without the
     * deserialisation context a tree read sets up each time; anything else read as a tree.
     */
    private static JsonNode value(ObjectMapper mapper, JsonParser parser) throws IOException {
        return switch (parser.currentToken()) {
            case VALUE_STRING -> TextNode.valueOf(parser.getText());
            case VALUE_NULL -> NullNode.getInstance();
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT -> IntNode.valueOf(parser.getIntValue());
                case LONG -> LongNode.valueOf(parser.getLongValue());
                default -> BigIntegerNode.valueOf(parser.getBigIntegerValue());
            };
            default -> mapper.readTree(parser);
        };
    }

    private static String copy(JsonFactory factory, JsonParser parser) throws IOException {
        StringWriter out = new StringWriter(64);
        try (JsonGenerator generator = factory.createGenerator(out)) {
            generator.copyCurrentStructure(parser);
        }
        return out.toString();
    }
}
