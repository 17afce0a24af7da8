package org.pushserver.publish;

import org.pushserver.delivery.PushMessage;

import java.time.Duration;
import java.util.List;

/**
 * A validated push: distinct, normalised tokens and the message for them.
 *
 * @param tokens  distinct token ids in request order (empty for a broadcast)
 * @param message what to send
 * @param ttl     how long it waits in the inbox of each token without a socket; zero: not at all
 */
public record PushRequest(List<String> tokens, PushMessage message, Duration ttl) {
    public PushRequest {
        tokens = List.copyOf(tokens);
    }
}
