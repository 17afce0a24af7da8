package org.pushserver.client;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/** Who is online, cluster-wide: the answer of {@code /api/online}, per token. */
public final class Presence {
    private final Map<String, Integer> sockets;

    private Presence(JsonNode raw) {
        this.sockets = Answers.map(raw, "tokens", node -> node.path("sockets").asInt());
    }

    static Presence of(JsonNode raw) {
        return new Presence(raw);
    }

    /** Whether {@code token} has at least one socket. */
    public boolean isOnline(String token) {
        return sockets(token) > 0;
    }

    /** How many sockets {@code token} has (0 for a token not asked about). */
    public int sockets(String token) {
        return sockets.getOrDefault(token, 0);
    }

    /** Every token asked about (as the server normalised it), with its socket count. */
    public Map<String, Integer> tokens() {
        return sockets;
    }

    @Override
    public String toString() {
        return "Presence" + sockets;
    }
}
