package org.pushserver.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/** Reads the server's answers: a 2xx's JSON, or a refusal's {@code {"error", "message"}} and Retry-After. */
final class Replies {
    private final ObjectMapper json;

    Replies(ObjectMapper json) {
        this.json = json;
    }

    /** A 2xx answer's JSON; an answer that is not JSON is a {@link PushError#UNKNOWN}. */
    JsonNode json(HttpResponse<byte[]> response) {
        try {
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new PushException(response.statusCode(), PushError.UNKNOWN.code(), "the answer is not JSON: "
                    + snippet(response.body()), null, e);
        }
    }

    /** The server's {@code {"error", "message"}} (and {@code Retry-After}) as an exception. */
    PushException refusal(HttpResponse<byte[]> response) {
        Duration retryAfter = response.headers().firstValue("Retry-After").flatMap(Replies::seconds).orElse(null);
        String code = PushError.UNKNOWN.code();
        String message = snippet(response.body());
        try {
            JsonNode node = json.readTree(response.body());
            if (node != null && node.hasNonNull("error")) {
                code = node.get("error").asText();
                message = node.path("message").asText(message);
            }
        } catch (IOException e) {
            // not the server's JSON (a proxy's page): the body's start is the message
        }
        return new PushException(response.statusCode(), code, message, retryAfter, null);
    }

    private static Optional<Duration> seconds(String header) {
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(header.trim()))));
        } catch (NumberFormatException e) {
            return Optional.empty(); // an HTTP date: the backoff applies instead
        }
    }

    private static String snippet(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }
}
