package org.pushserver.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.pushserver.testing.ServerExtension;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every bad request gets its JSON error with the right status, and the server serves on. */
class BadInputIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    static final ServerExtension server = ServerExtension.withArgs("--max-body-bytes", "4096",
            "--max-tokens-per-push", "3", "--request-timeout-ms", "500");

    private static JsonNode assertError(HttpResponse<String> response, int status, String code) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("application/json"));
        JsonNode body = JSON.readTree(response.body());
        assertEquals(code, body.get("error").asText(), response.body());
        assertTrue(body.get("message").asText().length() > 5);
        return body;
    }

    @ParameterizedTest(name = "{0} is answered 400 {1} naming {2}")
    @CsvSource(delimiter = '|', value = {
        "{\"tokens\": [\"a\"                        | invalid_json  | line 1",
        "[1, 2]                                     | invalid_json  | object",
        "''                                         | invalid_json  | empty",
        "{\"entityType\": \"x\"}                    | invalid_field | tokens",
        "{\"tokens\": \"a\"}                        | invalid_field | tokens",
        "{\"tokens\": [\"a\", {}]}                  | invalid_field | tokens[1]",
        "{\"tokens\": [\"\"]}                       | invalid_field | tokens[0]",
        "{\"tokens\": [true]}                       | invalid_field | tokens[0]",
        "{\"tokens\": [1.5]}                        | invalid_field | tokens[0]",
        "{\"tokens\": [\"a\"], \"entityType\": 5}   | invalid_field | entityType",
    })
    void malformedOrMistypedPushIsRejected(String body, String code, String named) throws Exception {
        JsonNode error = assertError(server.post("/api", body), 400, code);
        assertTrue(error.get("message").asText().contains(named), error.toString());
    }

    @Test
    void bodyOverTheLimitIsAnswered413() throws Exception {
        String big = "{\"tokens\":[\"a\"],\"data\":\"" + "x".repeat(8192) + "\"}";
        assertError(server.post("/api", big), 413, "body_too_large");
        assertEquals(200, server.get("/api").statusCode());
    }

    @Test
    void moreTokensThanTheLimitIsAnswered413() throws Exception {
        assertError(server.post("/api", "{\"tokens\":[1,2,3,4]}"), 413, "too_many_tokens");
    }

    @Test
    void unsupportedContentTypeIsAnswered415() throws Exception {
        HttpResponse<String> response = server.send(server.request("/api").header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{\"tokens\":[1]}")).build());
        assertError(response, 415, "unsupported_media_type");
    }

    @Test
    void wrongMethodIsAnswered405WithAllow() throws Exception {
        HttpResponse<String> response = server.send(server.request("/api").DELETE().build());
        assertError(response, 405, "method_not_allowed");
        assertEquals("GET, POST", response.headers().firstValue("allow").orElse(""));
        assertError(server.get("/api/broadcast"), 405, "method_not_allowed");
    }

    @Test
    void unknownPathIsAnswered404Json() throws Exception {
        assertError(server.get("/nope"), 404, "not_found");
        assertError(server.post("/api/nope", "{}"), 404, "not_found");
        assertError(server.get("/demo/../pom.xml"), 404, "not_found");
    }

    @Test
    void halfSentRequestTimesOutWith408AndTheServerServesOn() throws Exception {
        try (Socket raw = new Socket("127.0.0.1", server.port())) {
            raw.setSoTimeout(5000);
            OutputStream out = raw.getOutputStream();
            out.write(("POST /api HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100\r\n\r\n{\"tokens\":").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = new String(readUntilClosed(raw.getInputStream()), StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 408"), "answer: [" + answer + "]");
            assertTrue(answer.contains("\"request_timeout\""), answer);
        }
        assertEquals(200, server.get("/health").statusCode());
    }

    @Test
    void headersThatNeverFinishGetTheConnectionClosed() throws Exception {
        try (Socket raw = new Socket("127.0.0.1", server.port())) {
            raw.setSoTimeout(5000);
            raw.getOutputStream().write("POST /api HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
            raw.getOutputStream().flush();
            assertEquals(-1, raw.getInputStream().read(), "the server kept a connection whose headers never ended");
        }
    }

    @Test
    void errorsAreCountedInMetrics() throws Exception {
        server.post("/api", "not json");
        String metrics = server.get("/metrics").body();
        assertTrue(metrics.contains("pushserver_http_requests_total{route=\"/api\",status=\"400\"}"), metrics);
    }

    private static byte[] readUntilClosed(InputStream in) throws Exception {
        return in.readAllBytes(); // the server closes after the 408; SO_TIMEOUT bounds the wait
    }
}
