package org.pushserver.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What a reconnecting test client saw, in order, as JSON events {@code {"type": …}}: {@code connect} (with
 * {@code recovered} where the line has it), {@code login} (with the server's {@code ack}), {@code message} (with the
 * {@code payload} and the {@code offset} extra argument, if any), {@code disconnect} (with {@code reason}), {@code error}.
 * The Java lines add them directly, the Node lines print one per line ({@code src/test/js/resume.js}). Waits are bounded.
 */
public final class ClientEvents {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<JsonNode> events = new ArrayList<>();

    /** Adds an event of {@code type} with {@code fields} as name, value pairs (values as Jackson would write them). */
    public void add(String type, Object... fields) {
        ObjectNode e = JSON.createObjectNode().put("type", type);
        for (int i = 0; i + 1 < fields.length; i += 2) {
            e.set((String) fields[i], JSON.valueToTree(fields[i + 1]));
        }
        add(e);
    }

    public synchronized void add(JsonNode event) {
        events.add(event);
        notifyAll();
    }

    /** The events of {@code type} so far. */
    public synchronized List<JsonNode> all(String type) {
        return events.stream().filter(e -> type.equals(e.path("type").asText())).toList();
    }

    /** The payloads of the {@code receive_message} events so far, in order. */
    public List<JsonNode> payloads() {
        return all("message").stream().map(e -> e.get("payload")).toList();
    }

    /** The {@code index}-th (from 0) event of {@code type}, waiting up to {@code timeout}; fails with all events seen. */
    public JsonNode await(String type, int index, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            for (List<JsonNode> seen = all(type); seen.size() <= index; seen = all(type)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no " + type + " #" + index + " within " + timeout + "; events: " + events);
                }
                try {
                    wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
            return all(type).get(index);
        }
    }

    /** Waits until {@code count} messages arrived; returns their payloads. */
    public List<JsonNode> awaitMessages(int count, Duration timeout) {
        await("message", count - 1, timeout);
        return payloads();
    }

    @Override
    public synchronized String toString() {
        return events.toString();
    }
}
