package org.pushserver.delivery;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/**
 * One push as it is sent to sockets: the {@code receive_message} payload {@code {"entityType":…,"data":…}},
 * serialised once per push so that each socket costs a buffer copy, not a JSON encoding.
 *
 * @param entityType the kind of entity the push is about
 * @param dataJson   the push's {@code data}, already serialised JSON
 */
public record PushMessage(String entityType, String dataJson) {

    public PushMessage {
        if (entityType == null || dataJson == null || dataJson.isEmpty()) {
            throw new IllegalArgumentException("entityType and dataJson are required");
        }
    }

    /** The {@code receive_message} payload as JSON text. */
    public String payloadJson() {
        char[] quoted = JsonStringEncoder.getInstance().quoteAsString(entityType);
        return new StringBuilder(dataJson.length() + quoted.length + 32)
                .append("{\"entityType\":\"").append(quoted).append("\",\"data\":").append(dataJson).append('}')
                .toString();
    }
}
