package org.pushserver.cluster;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import org.pushserver.delivery.PushMessage;

import java.util.List;

/**
 * One message between nodes, as JSON text on a node's pub/sub channel. Unknown fields are ignored and absent ones
 * are null, so nodes of different versions can talk; {@code v} is the format version.
 *
 * @param v          format version, {@value #VERSION}
 * @param type       {@code push} (deliver to tokens), {@code broadcast} (deliver to every socket) or {@code report}
 * @param id         request id, echoed by the report
 * @param from       node id of the sender; reports go to the channel of the request's {@code from}
 * @param tokens     push: the tokens to deliver to on the receiving node
 * @param entityType push, broadcast: the message's entityType
 * @param data       push, broadcast: the message's data as JSON text, kept as a string so every node sends
 *                   the very same bytes to its sockets
 * @param messageId  push, broadcast: the message id the history gave it (null from nodes before ids)
 * @param sockets    report: sockets written to on the reporting node
 * @param online     report: tokens that had a socket there
 * @param awaitingAck report: those of {@code online} reached there only through sockets that ack (null: none, and
 *                   from nodes before acks)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
record ClusterMessage(int v, String type, String id, String from, List<String> tokens, String entityType, String data,
                      String messageId, Integer sockets, List<String> online, List<String> awaitingAck) {
    static final int VERSION = 1;
    static final String PUSH = "push";
    static final String BROADCAST = "broadcast";
    static final String REPORT = "report";

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, false);
    // Bound once: every push crosses them twice, and a bound reader/writer skips the per-call type lookups.
    private static final ObjectReader READER = JSON.readerFor(ClusterMessage.class);
    private static final ObjectWriter WRITER = JSON.writerFor(ClusterMessage.class);

    static ClusterMessage push(String id, String from, List<String> tokens, PushMessage message) {
        return new ClusterMessage(VERSION, PUSH, id, from, tokens, message.entityType(), message.dataJson(), message.id(), null, null, null);
    }

    static ClusterMessage broadcast(String id, String from, PushMessage message) {
        return new ClusterMessage(VERSION, BROADCAST, id, from, null, message.entityType(), message.dataJson(), message.id(),
                null, null, null);
    }

    static ClusterMessage report(String id, String from, int sockets, List<String> online, List<String> awaitingAck) {
        return new ClusterMessage(VERSION, REPORT, id, from, null, null, null, null, sockets, online,
                awaitingAck == null || awaitingAck.isEmpty() ? null : awaitingAck);
    }

    /** The push or broadcast as it goes to sockets. */
    PushMessage message() {
        return new PushMessage(entityType, data, messageId);
    }

    String toJson() {
        try {
            return WRITER.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode cluster message", e);
        }
    }

    /** Parses a message; throws IllegalArgumentException when it is not one. */
    static ClusterMessage parse(String json) {
        try {
            ClusterMessage m = READER.readValue(json);
            if (m.type == null || m.id == null || m.from == null) {
                throw new IllegalArgumentException("cluster message without type, id or from");
            }
            return m;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a cluster message: " + e.getOriginalMessage(), e);
        }
    }
}
