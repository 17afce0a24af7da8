package org.pushserver.client;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/**
 * What became of a message ({@code GET /api/messages/{id}}), per token: {@code delivered}, {@code pending},
 * {@code expired}, {@code offline}, and the mobile outcomes ({@code sent}, {@code failed}, {@code no_device}) where
 * the server sends notifications. Kept as the server's strings, so newer outcomes read as they are.
 */
public final class MessageFate {
    private final String id;
    private final long createdAt;
    private final Map<String, String> tokens;
    private final JsonNode raw;

    private MessageFate(JsonNode raw) {
        this.id = Answers.text(raw, "id");
        this.createdAt = raw.path("createdAt").asLong();
        this.tokens = Answers.map(raw, "tokens", JsonNode::asText);
        this.raw = raw;
    }

    static MessageFate of(JsonNode raw) {
        return new MessageFate(raw);
    }

    /** The message's id. */
    public String id() {
        return id;
    }

    /** When it was accepted, epoch milliseconds. */
    public long createdAt() {
        return createdAt;
    }

    /** Each token's outcome (empty for a broadcast). */
    public Map<String, String> tokens() {
        return tokens;
    }

    /** {@code token}'s outcome, or null when the message was not for it. */
    public String of(String token) {
        return tokens.get(token);
    }

    /** The whole answer, for fields this version does not model. */
    public JsonNode raw() {
        return raw;
    }

    @Override
    public String toString() {
        return "MessageFate" + raw;
    }
}
