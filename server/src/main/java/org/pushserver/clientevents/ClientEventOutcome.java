package org.pushserver.clientevents;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Locale;

/**
 * What became of one client event, as counted in {@code /metrics} ({@code pushserver.client.events{outcome}}) and,
 * for a refusal, as the {@code error} of the ack {@code {"ok": false, "error": "<code>"}} the socket gets.
 */
public enum ClientEventOutcome {
    /** Forwarded, answered 2xx, and the answer's publish (if any) published: the ack is the backend's answer. */
    FORWARDED,
    /** The event's name is not in {@code CLIENT_EVENTS} (nor one the server handles itself). */
    NOT_ALLOWED,
    /** The socket has not logged in ({@code user_login}): there is no token to forward it for. */
    NOT_LOGGED_IN,
    /** The payload is larger than {@code MAX_CLIENT_EVENT_BYTES}. */
    TOO_LARGE,
    /** The socket sent more than {@code CLIENT_EVENTS_PER_SECOND}. */
    RATE_LIMITED,
    /** Too many events are waiting for the backend on this node; nothing was sent. */
    BUSY,
    /** The backend did not answer within {@code CLIENT_EVENTS_TIMEOUT_MS}. */
    TIMEOUT,
    /** The backend answered with a status other than 2xx. */
    BACKEND_ERROR,
    /** The backend could not be reached (connection refused or reset, a DNS failure). */
    UNREACHABLE,
    /** The backend answered 2xx with a body that is not JSON, or too large. */
    BAD_ANSWER,
    /** The answer's {@code publish} is not a valid push (the rules of {@code POST /api}); nothing was published. */
    BAD_PUBLISH,
    /** The answer's {@code publish} was valid but could not be published (the cluster store unreachable). */
    PUBLISH_FAILED;

    /** The lower-case code: the metric's tag and the ack's {@code error}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The ack of a refusal: {@code {"ok": false, "error": "<code>"}}. */
    public ObjectNode ack() {
        return JsonNodeFactory.instance.objectNode().put("ok", false).put("error", code());
    }
}
