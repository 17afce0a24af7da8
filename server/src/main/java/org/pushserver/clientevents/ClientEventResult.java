package org.pushserver.clientevents;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a client event came to: its outcome, and the ack its socket gets (the backend's answer, or a refusal).
 */
public record ClientEventResult(ClientEventOutcome outcome, JsonNode ack) {
    /** A refusal: its ack is {@code {"ok": false, "error": "<code>"}}. */
    static ClientEventResult refused(ClientEventOutcome outcome) {
        return new ClientEventResult(outcome, outcome.ack());
    }
}
