package org.pushserver.api;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.pushserver.delivery.PushMessage;
import org.pushserver.delivery.Token;
import org.pushserver.http.ErrorCode;
import org.pushserver.publish.PushRequest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns a request body (JSON, or the form encoding the old Node server's body parser also took) into a
 * {@link PushRequest}, or an {@link ApiException} that names what is wrong.
 */
public final class PushRequestParser {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final int maxTokens;
    private final int maxBodyBytes;
    private final int maxTtlSeconds;

    /** @param maxTtlSeconds the largest {@code ttl} a push may ask for (MAX_TTL_SECONDS) */
    public PushRequestParser(int maxTokens, int maxBodyBytes, int maxTtlSeconds) {
        this.maxTokens = maxTokens;
        this.maxBodyBytes = maxBodyBytes;
        this.maxTtlSeconds = maxTtlSeconds;
    }

    /** A push to tokens: {@code tokens} is required, {@code ttl} (seconds) optional. */
    public PushRequest push(HttpCall call) {
        return push(fields(call));
    }

    /**
     * A push already parsed as JSON, e.g. the {@code publish} of a backend's answer to a client event: the same rules
     * as a {@code POST /api} body, an {@link ApiException} naming what is wrong.
     */
    public PushRequest push(JsonNode json) {
        if (!(json instanceof ObjectNode body)) {
            throw new ApiException(ErrorCode.INVALID_JSON, "a push must be a JSON object");
        }
        return push(tree(body));
    }

    private PushRequest push(JsonPushBody body) {
        NotificationFields.Parsed mobile = NotificationFields.parse(body.devices());
        return new PushRequest(tokens(body.tokens()), message(body), ttl(body.ttl()), mobile.notification(), mobile.mode());
    }

    /** A JSON object body, for routes with their own fields (devices); the same limits and errors as a push's. */
    public ObjectNode object(HttpCall call) {
        return body(call);
    }

    /** A broadcast: only {@code entityType} and {@code data}. */
    public PushRequest broadcast(HttpCall call) {
        return new PushRequest(List.of(), message(fields(call)), Duration.ZERO);
    }

    /** The push's fields: JSON bodies in one streaming pass (see {@link JsonPushBody}), form bodies through a tree. */
    private JsonPushBody fields(HttpCall call) {
        if (isJson(mediaType(call))) {
            checkSize(call);
            JsonPushBody streamed = parse(() -> JsonPushBody.read(MAPPER, call.body()));
            if (streamed != null) {
                return streamed;
            }
        }
        return tree(body(call));
    }

    private static JsonPushBody tree(ObjectNode body) {
        JsonNode data = body.get("data");
        return new JsonPushBody(body.get("tokens"), body.get("ttl"), body.get("entityType"), data == null ? null : data.toString(), body);
    }

    private Duration ttl(JsonNode ttl) {
        if (ttl == null || ttl.isNull()) {
            return Duration.ZERO;
        }
        // form bodies carry numbers as text
        JsonNode n = ttl.isTextual() ? FormBody.jsonOrText(ttl.textValue()) : ttl;
        if (!n.isIntegralNumber() || !n.canConvertToLong() || n.longValue() < 0) {
            throw new ApiException(ErrorCode.INVALID_FIELD, "ttl: must be a whole number of seconds, 0 or more");
        }
        if (n.longValue() > maxTtlSeconds) {
            throw new ApiException(ErrorCode.INVALID_FIELD, "ttl: " + n.longValue() + " is more than MAX_TTL_SECONDS ("
                    + maxTtlSeconds + ")");
        }
        return Duration.ofSeconds(n.longValue());
    }

    /** Tokens of a presence query: {@code ?tokens=a,b} (or repeated), or a body {@code {"tokens": [...]}}. */
    public List<String> presenceTokens(HttpCall call) {
        if (call.body().length > 0) {
            return tokens(body(call).get("tokens"));
        }
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        call.query().getOrDefault("tokens", List.of()).forEach(v -> List.of(v.split(",")).forEach(array::add));
        return tokens(array.isEmpty() ? null : array);
    }

    private void checkSize(HttpCall call) {
        if (call.body().length > maxBodyBytes) { // the aggregator's bound is the larger of this and the socket limit
            throw new ApiException(ErrorCode.BODY_TOO_LARGE, "the body is larger than " + maxBodyBytes + " bytes (MAX_BODY_BYTES)");
        }
    }

    private static String mediaType(HttpCall call) {
        String type = call.header(HttpHeaderNames.CONTENT_TYPE);
        // indexOf, not split: ";".split(";") is an empty array, and a Content-Type of ";" answered 500 (bad-input battery)
        int semicolon = type == null ? -1 : type.indexOf(';');
        return type == null ? "application/json"
                : (semicolon < 0 ? type : type.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    private static boolean isJson(String mediaType) {
        return mediaType.equals("application/json") || mediaType.equals("text/json");
    }

    private ObjectNode body(HttpCall call) {
        checkSize(call);
        String mediaType = mediaType(call);
        JsonNode node = switch (mediaType) {
            case "application/json", "text/json" -> json(call.body());
            case "application/x-www-form-urlencoded" -> FormBody.toJson(new String(call.body(), StandardCharsets.UTF_8));
            default -> throw new ApiException(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Type " + mediaType + " is not supported; " + ErrorCode.UNSUPPORTED_MEDIA_TYPE.defaultMessage());
        };
        if (!(node instanceof ObjectNode object)) {
            throw new ApiException(ErrorCode.INVALID_JSON, "the body must be a JSON object");
        }
        return object;
    }

    private static JsonNode json(byte[] body) {
        JsonNode node = parse(() -> MAPPER.readTree(body));
        if (node == null || node.isMissingNode()) {
            throw new ApiException(ErrorCode.INVALID_JSON, "the body is empty; send a JSON object");
        }
        return node;
    }

    /** A JSON read; Jackson's failures become the INVALID_JSON answers, with where and what. */
    private interface JsonRead<T> {
        T read() throws IOException;
    }

    private static <T> T parse(JsonRead<T> read) {
        try {
            return read.read();
        } catch (StreamConstraintsException e) {
            // Jackson's read limits (nesting depth, number or string length) carry no location: this answered 500
            throw new ApiException(ErrorCode.INVALID_JSON, "JSON over a parser limit: "
                    + String.valueOf(e.getOriginalMessage()).replaceAll(", from `[^`]*`", ""));
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new ApiException(ErrorCode.INVALID_JSON, "malformed JSON" + (at == null ? "" : " at line " + at.getLineNr()
                    + ", column " + at.getColumnNr()) + ": " + String.valueOf(e.getOriginalMessage()).split(" \\(|\n")[0]);
        } catch (IOException e) {
            throw new ApiException(ErrorCode.INVALID_JSON, "unreadable body: " + e.getMessage());
        }
    }

    private List<String> tokens(JsonNode tokens) {
        if (tokens == null || !tokens.isArray()) {
            throw new ApiException(ErrorCode.INVALID_FIELD, "tokens: required, an array of token ids (strings or integers)");
        }
        if (tokens.size() > maxTokens) {
            throw new ApiException(ErrorCode.TOO_MANY_TOKENS, "tokens: " + tokens.size()
                    + " given, at most " + maxTokens + " (MAX_TOKENS_PER_PUSH) per request");
        }
        Set<String> distinct = new LinkedHashSet<>();
        for (int i = 0; i < tokens.size(); i++) {
            JsonNode t = tokens.get(i);
            Object value = t.isTextual() ? t.textValue() : t.isNumber() ? t.numberValue() : null;
            int index = i;
            distinct.add(Token.normalize(value).orElseThrow(() -> new ApiException(ErrorCode.INVALID_FIELD,
                    "tokens[" + index + "]: must be a non-empty string or an integer of at most " + Token.MAX_LENGTH + " characters")));
        }
        return List.copyOf(distinct);
    }

    private static PushMessage message(JsonPushBody body) {
        JsonNode entityType = body.entityType();
        if (entityType != null && !entityType.isNull() && !entityType.isTextual()) {
            throw new ApiException(ErrorCode.INVALID_FIELD, "entityType: must be a string");
        }
        String dataJson = body.dataJson() == null ? "{}" : body.dataJson();
        return new PushMessage(entityType == null || entityType.isNull() ? "" : entityType.textValue(), dataJson);
    }

    /** The form encoding: {@code tokens=a&tokens=b}, {@code tokens[]=a}, {@code tokens[0]=a}, or a JSON array text. */
    private static final class FormBody {
        static ObjectNode toJson(String body) {
            Map<String, List<String>> params;
            try {
                params = new QueryStringDecoder(body, StandardCharsets.UTF_8, false).parameters();
            } catch (IllegalArgumentException e) { // a broken %-escape; this answered 500 (bad-input battery)
                throw new ApiException(ErrorCode.INVALID_JSON, "malformed form body: a %-escape is not two hex digits");
            }
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            ArrayNode tokens = JsonNodeFactory.instance.arrayNode();
            ObjectNode data = JsonNodeFactory.instance.objectNode();
            params.forEach((key, values) -> {
                if (key.equals("tokens") || key.startsWith("tokens[")) {
                    values.forEach(v -> addTokens(tokens, v));
                } else if (key.equals("ttl")) {
                    out.put("ttl", values.get(0));
                } else if (key.equals("entityType")) {
                    out.put("entityType", values.get(0));
                } else if (key.equals("data")) {
                    out.set("data", jsonOrText(values.get(0)));
                } else if (key.startsWith("data[") && key.endsWith("]")) {
                    data.set(key.substring(5, key.length() - 1), jsonOrText(values.get(0)));
                }
            });
            if (!tokens.isEmpty()) {
                out.set("tokens", tokens);
            }
            if (!out.has("data") && !data.isEmpty()) {
                out.set("data", data);
            }
            return out;
        }

        private static void addTokens(ArrayNode tokens, String value) {
            JsonNode parsed = jsonOrText(value);
            if (parsed.isArray()) {
                tokens.addAll((ArrayNode) parsed);
            } else {
                tokens.add(value);
            }
        }

        private static JsonNode jsonOrText(String value) {
            try {
                JsonNode node = MAPPER.readTree(value);
                return node == null || node.isMissingNode() ? JsonNodeFactory.instance.textNode(value) : node;
            } catch (IOException e) {
                return JsonNodeFactory.instance.textNode(value);
            }
        }
    }
}
