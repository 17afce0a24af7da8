package org.pushserver.client;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * What a token missed ({@code GET /api/history}): all of it or nothing. When {@link #covered()} is false the history
 * no longer reaches back to the id asked for, and the caller reloads from its own store.
 */
public final class History {
    /** One message of a token's history. */
    public static final class Message {
        private final String id;
        private final long createdAt;
        private final String type;
        private final JsonNode data;

        private Message(JsonNode raw) {
            this.id = Answers.text(raw, "id");
            this.createdAt = raw.path("createdAt").asLong();
            this.type = raw.path("entityType").asText("");
            this.data = raw.path("data");
        }

        /** The message's id. */
        public String id() {
            return id;
        }

        /** When it was accepted, epoch milliseconds. */
        public long createdAt() {
            return createdAt;
        }

        /** Its {@code entityType}. */
        public String type() {
            return type;
        }

        /** Its data. */
        public JsonNode data() {
            return data;
        }
    }

    private final boolean covered;
    private final boolean more;
    private final List<Message> messages;

    private History(JsonNode raw) {
        this.covered = raw.path("covered").asBoolean();
        this.more = raw.path("more").asBoolean();
        this.messages = Answers.list(raw, "messages", Message::new);
    }

    static History of(JsonNode raw) {
        return new History(raw);
    }

    /** Whether nothing was dropped since the id asked for: when false, {@link #messages()} is empty. */
    public boolean covered() {
        return covered;
    }

    /** Whether the limit cut the list: ask again from the last id. */
    public boolean more() {
        return more;
    }

    /** The messages after the id asked for, oldest first. */
    public List<Message> messages() {
        return messages;
    }
}
