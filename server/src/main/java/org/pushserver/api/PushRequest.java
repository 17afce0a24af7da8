package org.pushserver.api;

import org.pushserver.delivery.PushMessage;

import java.util.List;

/**
 * A validated push: distinct, normalised tokens and the message for them.
 *
 * @param tokens  distinct token ids in request order (empty for a broadcast)
 * @param message what to send
 */
public record PushRequest(List<String> tokens, PushMessage message) {
    public PushRequest {
        tokens = List.copyOf(tokens);
    }
}
