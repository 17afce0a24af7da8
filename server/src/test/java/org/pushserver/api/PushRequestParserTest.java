package org.pushserver.api;

import io.netty.handler.codec.http.HttpMethod;
import org.junit.jupiter.api.Test;
import org.pushserver.http.ErrorCode;
import org.pushserver.publish.PushRequest;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PushRequestParserTest {
    private final PushRequestParser parser = new PushRequestParser(100, 10_000, 3600);

    private static HttpCall call(String contentType, String body, Map<String, List<String>> query) {
        return new HttpCall(HttpMethod.POST, "/api", query, contentType == null ? Map.of() : Map.of("content-type", contentType),
                body.getBytes(StandardCharsets.UTF_8), null, 0);
    }

    @Test
    void tokensAreNormalisedAndDeduplicatedInOrder() {
        PushRequest push = parser.push(call("application/json; charset=utf-8", "{\"tokens\":[\"b\",1,\"1\",\"b\",2],\"data\":null}", Map.of()));
        assertEquals(List.of("b", "1", "2"), push.tokens());
        assertEquals("null", push.message().dataJson());
        assertEquals("", push.message().entityType());
    }

    /** The streaming read copies {@code data} token by token: its text must be what the tree's toString() was. */
    @Test
    void theDataTextIsTheCompactJsonATreeWouldHaveMade() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        for (String data : List.of("{ \"postId\" : 9 , \"tags\" : [ \"a\" , 1.50 , -0.0 , 1e5 , 12345678901234567890123 ] }",
                "\"caf\\u00e9 \\\" \\n \\u2028 \u00e9\"", "[ ]", "{}", "null", "true", "-7", "3.14159265358979323846",
                "{\"a\":{\"b\":{\"c\":[{\"d\":null}]}}}", "\"\\ud83d\\ude00 \ud83d\ude00\"")) {
            String body = "{\"tokens\":[\"a\"], \"extra\": {\"skipped\": [1, {\"x\": 2}]}, \"data\": " + data + "}";
            assertEquals(mapper.readTree(data).toString(), parser.push(call("application/json", body, Map.of())).message().dataJson(), data);
        }
        PushRequest repeated = parser.push(call("application/json",
                "{\"data\":{\"first\":1},\"tokens\":[\"a\"],\"entityType\":\"x\",\"data\":[2],\"entityType\":\"y\"}", Map.of()));
        assertEquals("[2]", repeated.message().dataJson(), "a repeated field: the last wins, as in a tree");
        assertEquals("y", repeated.message().entityType());
        assertEquals("{}", parser.push(call("application/json", "{\"tokens\":[\"a\"]}", Map.of())).message().dataJson());
        PushRequest scalars = parser.push(call("application/json", "{\"tokens\":[\"a\",7,12345678901,\"7\"],\"ttl\":60}", Map.of()));
        assertEquals(List.of("a", "7", "12345678901"), scalars.tokens());
        assertEquals(java.time.Duration.ofSeconds(60), scalars.ttl());
        assertRejected(ErrorCode.INVALID_FIELD, call("application/json", "{\"tokens\":[\"a\",[1]]}", Map.of()));
        assertRejected(ErrorCode.INVALID_FIELD, call("application/json", "{\"tokens\":[\"a\",1.5]}", Map.of()));
        assertRejected(ErrorCode.INVALID_FIELD, call("application/json", "{\"tokens\":{\"a\":1}}", Map.of()));
        assertRejected(ErrorCode.INVALID_FIELD, call("application/json", "{\"tokens\":[\"a\"],\"ttl\":1.5}", Map.of()));
    }

    @Test
    void bodiesThatAreNotAnObjectOrAreCutShortAreRejectedAsBefore() {
        assertRejected(ErrorCode.INVALID_JSON, call("application/json", "[1,2]", Map.of()));
        assertRejected(ErrorCode.INVALID_JSON, call("application/json", "", Map.of()));
        assertRejected(ErrorCode.INVALID_JSON, call("application/json", "{\"tokens\":[\"a\"],\"data\":{\"x\":", Map.of()));
        assertRejected(ErrorCode.INVALID_JSON, call("application/json", "{\"tokens\":[\"a\"]", Map.of()));
        assertRejected(ErrorCode.INVALID_FIELD, call("application/json", "{\"tokens\":[\"a\"],\"entityType\":{}}", Map.of()));
        ApiException cut = assertThrows(ApiException.class, () -> parser.push(call("application/json", "{\"tokens\":[\"a\"],\n\"data\":[1,", Map.of())));
        assertEquals(true, cut.getMessage().startsWith("malformed JSON at line 2"), cut.getMessage());
    }

    @Test
    void missingContentTypeIsReadAsJson() {
        assertEquals(List.of("x"), parser.push(call(null, "{\"tokens\":[\"x\"]}", Map.of())).tokens());
    }

    @Test
    void formBodiesAcceptEveryShapeTheOldParserDid() {
        String type = "application/x-www-form-urlencoded";
        assertEquals(List.of("a", "b"), parser.push(call(type, "tokens=a&tokens=b", Map.of())).tokens());
        assertEquals(List.of("a", "b"), parser.push(call(type, "tokens%5B%5D=a&tokens%5B%5D=b", Map.of())).tokens());
        assertEquals(List.of("a", "7"), parser.push(call(type, "tokens=%5B%22a%22%2C7%5D", Map.of())).tokens());
        PushRequest nested = parser.push(call(type, "tokens[0]=a&data[id]=5&data[name]=x", Map.of()));
        assertEquals("{\"id\":5,\"name\":\"x\"}", nested.message().dataJson());
    }

    @Test
    void presenceTakesTokensFromTheQueryOrTheBody() {
        assertEquals(List.of("a", "b", "c"), parser.presenceTokens(call(null, "", Map.of("tokens", List.of("a,b", "c")))));
        assertEquals(List.of("z"), parser.presenceTokens(call("application/json", "{\"tokens\":[\"z\"]}", Map.of())));
        assertThrows(ApiException.class, () -> parser.presenceTokens(call(null, "", Map.of())));
    }

    /** Inputs the bad-input battery found answered 500; each must be a 400/415 ApiException instead. */
    @Test
    void inputsThatOnceCrashedTheParserAreRejectedWithTheirError() {
        assertRejected(ErrorCode.INVALID_JSON, call("application/json", "{\"data\":" + "[".repeat(1500) + "]".repeat(1500) + "}", Map.of()));
        assertRejected(ErrorCode.INVALID_JSON, call("application/json", "{\"tokens\":[" + "1".repeat(1500) + "]}", Map.of()));
        assertRejected(ErrorCode.INVALID_JSON, call("application/x-www-form-urlencoded", "tokens=a%zz", Map.of()));
        assertRejected(ErrorCode.INVALID_JSON, call("application/x-www-form-urlencoded", "tokens=a%", Map.of()));
        assertRejected(ErrorCode.UNSUPPORTED_MEDIA_TYPE, call(";", "{\"tokens\":[\"a\"]}", Map.of()));
        assertEquals(List.of("a"), parser.push(call(" application/json ;;", "{\"tokens\":[\"a\"]}", Map.of())).tokens());
    }

    private void assertRejected(ErrorCode code, HttpCall call) {
        ApiException e = assertThrows(ApiException.class, () -> parser.push(call));
        assertEquals(code, e.code(), e.getMessage());
    }
}
