package org.pushserver.delivery;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/**
 * One push as it is sent to sockets: the {@code receive_message} payload {@code {"entityType":…,"data":…}},
 * serialised once per push so that each socket costs a buffer copy, not a JSON encoding.
 *
 * @param entityType the kind of entity the push is about
 * @param dataJson   the push's {@code data}, already serialised JSON
 * @param id         the message id the history gave it, or null before it has one
 */
public record PushMessage(String entityType, String dataJson, String id) {

    public PushMessage {
        if (entityType == null || dataJson == null || dataJson.isEmpty()) {
            throw new IllegalArgumentException("entityType and dataJson are required");
        }
    }

    /** A message without an id yet. */
    public PushMessage(String entityType, String dataJson) {
        this(entityType, dataJson, null);
    }

    /** The same message carrying {@code messageId}. */
    public PushMessage withId(String messageId) {
        return new PushMessage(entityType, dataJson, messageId);
    }

    /** The {@code receive_message} payload as JSON text, as sockets that did not opt in to ids get it (today's bytes). */
    public String payloadJson() {
        return payload(false);
    }

    /** The payload with the id, {@code {"entityType","data","id"}}, for sockets that opted in; without an id as {@link #payloadJson()}. */
    public String payloadJsonWithId() {
        return payload(id != null);
    }

    private String payload(boolean withId) {
        return payloadText(withId).toString();
    }

    /**
     * The payload's characters, as {@link #payloadJson()} (or, with {@code withId} and an id, {@link #payloadJsonWithId()})
     * has them, without making a String of them: for a writer that encodes them straight into its buffer.
     */
    public CharSequence payloadText(boolean withId) {
        boolean addId = withId && id != null;
        char[] quoted = JsonStringEncoder.getInstance().quoteAsString(entityType);
        StringBuilder out = new StringBuilder(dataJson.length() + quoted.length + (addId ? 48 + id.length() : 32))
                .append("{\"entityType\":\"").append(quoted).append("\",\"data\":").append(dataJson);
        if (addId) {
            out.append(",\"id\":\"").append(JsonStringEncoder.getInstance().quoteAsString(id)).append('"');
        }
        return out.append('}');
    }

    /** Approximate bytes this message holds in memory: what history bounds count. */
    public int sizeBytes() {
        return 2 * (entityType.length() + dataJson.length() + (id == null ? 0 : id.length())) + 64;
    }
}
