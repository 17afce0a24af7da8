package org.pushserver.demo.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import org.pushserver.client.WebhookVerificationException;
import org.pushserver.client.WebhookVerifier;

import java.io.IOException;
import java.io.InputStream;

/**
 * {@code POST /events}: the client events the push server forwards. Each is verified first (signature, timestamp,
 * replay) with the SDK's {@link WebhookVerifier}; a {@code chat_message} {@code {to, text}} is kept in its conversation
 * and answered {@code {"ok": true, "id"}} with a {@code publish} of the line to {@code to}, which the push server
 * delivers in the same round trip.
 */
final class ChatEvents implements HttpHandler {
    static final int MAX_BODY_BYTES = 64 * 1024;
    static final int MAX_USER_CHARS = 200;
    static final int MAX_TEXT_CHARS = 2000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebhookVerifier verifier;
    private final Conversations conversations;

    ChatEvents(WebhookVerifier verifier, Conversations conversations) {
        this.verifier = verifier;
        this.conversations = conversations;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                Replies.error(exchange, 405, "method_not_allowed", "POST client events here");
                return;
            }
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(MAX_BODY_BYTES + 1);
            }
            if (body.length > MAX_BODY_BYTES) {
                Replies.error(exchange, 413, "body_too_large", "at most " + MAX_BODY_BYTES + " bytes");
                return;
            }
            try {
                verifier.verify(exchange.getRequestHeaders().getFirst(WebhookVerifier.TIMESTAMP_HEADER),
                        exchange.getRequestHeaders().getFirst(WebhookVerifier.SIGNATURE_HEADER), body);
            } catch (WebhookVerificationException e) {
                Replies.error(exchange, 401, "unauthorized", e.getMessage());
                return;
            }
            Replies.json(exchange, 200, answer(JSON.readTree(body)));
        }
    }

    /** The answer to one verified client event. */
    private ObjectNode answer(JsonNode event) {
        if (!"chat_message".equals(event.path("event").asText())) {
            return refusal("unknown_event");
        }
        String from = event.path("tokenId").asText();
        JsonNode to = event.path("data").path("to");
        JsonNode text = event.path("data").path("text");
        if (!to.isTextual() || to.asText().isBlank() || to.asText().length() > MAX_USER_CHARS
                || !text.isTextual() || text.asText().isBlank() || text.asText().length() > MAX_TEXT_CHARS) {
            return refusal("invalid_message");
        }
        Conversations.Message line = conversations.add(from, to.asText(), text.asText(), System.currentTimeMillis());
        ObjectNode answer = JSON.createObjectNode().put("ok", true).put("id", line.id());
        ObjectNode publish = answer.putObject("publish");
        publish.putArray("tokens").add(line.to());
        publish.put("entityType", "chat_message");
        publish.set("data", JSON.valueToTree(line));
        return answer;
    }

    private static ObjectNode refusal(String error) {
        return JSON.createObjectNode().put("ok", false).put("error", error);
    }
}
