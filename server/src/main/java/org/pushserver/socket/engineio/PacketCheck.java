package org.pushserver.socket.engineio;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.util.Set;

/**
 * Whether one text packet from an Engine.IO v4 / Socket.IO v5 client is well formed, by the grammar of socket.io's
 * own parsers (engine.io-parser, socket.io-parser's {@code decodeString} and {@code isPayloadValid}). netty-socketio's
 * decoder reads almost anything as some packet: {@code 4abc} as a DISCONNECT, {@code b…} (base64) as a PING,
 * {@code 42abc[…]} with a made-up ack id, {@code 42{}} as an event without a name. The spec closes the connection
 * on all of them instead; so do we, before the decoder sees them.
 */
public final class PacketCheck {
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    /** Event names socket.io reserves: a client may not emit them. */
    private static final Set<String> RESERVED = Set.of("connect", "connect_error", "disconnect", "disconnecting",
            "newListener", "removeListener");

    private PacketCheck() {
    }

    /**
     * True for a packet a v4 client may send: CLOSE, the upgrade probe {@code 2probe}, PONG, a Socket.IO packet in
     * a MESSAGE, UPGRADE or NOOP. Binary (attachment) packets are refused too: this server takes none.
     */
    public static boolean valid(String packet) {
        if (packet.isEmpty()) {
            return false;
        }
        return switch (packet.charAt(0)) {
            case '1', '5', '6' -> packet.length() == 1;
            case '2' -> packet.equals("2probe"); // a v4 client never pings but to probe (Node: "invalid heartbeat direction")
            case '3' -> packet.length() == 1 || packet.equals("3probe");
            case '4' -> validSocketIo(packet, 1);
            default -> false; // OPEN, a 'b' base64 packet, anything else
        };
    }

    private static boolean validSocketIo(String packet, int start) {
        if (start >= packet.length()) {
            return false;
        }
        char type = packet.charAt(start);
        int i = start + 1;
        if (i < packet.length() && packet.charAt(i) == '/') { // namespace, up to ',' or the end
            int comma = packet.indexOf(',', i);
            i = comma < 0 ? packet.length() : comma + 1;
        }
        int idStart = i;
        while (i < packet.length() && Character.isDigit(packet.charAt(i)) && packet.charAt(i) < 128) {
            i++;
        }
        boolean hasId = i > idStart;
        String data = packet.substring(i);
        return switch (type) {
            case '0' -> !hasId && (data.isEmpty() || json(data).isObject());
            case '1' -> !hasId && data.isEmpty();
            case '2' -> isEvent(json(data));
            case '3' -> hasId && json(data).isArray();
            default -> false; // CONNECT_ERROR is the server's; BINARY_EVENT/BINARY_ACK are not accepted; others are unknown
        };
    }

    /**
     * A non-empty array whose first element names the event: a string socket.io does not reserve. (socket.io-parser
     * also takes a number, but netty-socketio fails on one, and this server's events all have names.)
     */
    private static boolean isEvent(JsonNode data) {
        JsonNode name = data.isArray() && !data.isEmpty() ? data.get(0) : MissingNode.getInstance();
        return name.isTextual() && !RESERVED.contains(name.asText());
    }

    /** The JSON value of {@code data}, or a missing node (neither object nor array) if it is none. */
    private static JsonNode json(String data) {
        if (data.isEmpty()) {
            return MissingNode.getInstance();
        }
        try {
            return JSON.readTree(data);
        } catch (JsonProcessingException e) {
            return MissingNode.getInstance();
        }
    }
}
