package org.pushserver.clientevents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

/**
 * One event a logged-in socket emitted, as the backend receives it.
 *
 * @param tokenId  the token the socket is logged in as
 * @param socketId the socket's id
 * @param event    the event's name, one of {@code CLIENT_EVENTS}
 * @param data     its first argument ({@code null} when it had none)
 */
public record ClientEvent(String tokenId, String socketId, String event, JsonNode data) {
    public ClientEvent {
        data = data == null ? NullNode.getInstance() : data;
    }
}
