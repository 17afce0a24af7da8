package org.pushserver.client;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * The server's answer to a push or a broadcast: the message's id, the sockets it was written to, the tokens found
 * online and offline, and those it waits for in their inbox (pushes with a ttl).
 */
public final class PushResult {
    private final String id;
    private final int sockets;
    private final List<String> online;
    private final List<String> offline;
    private final List<String> queued;
    private final boolean replayed;
    private final JsonNode raw;

    private PushResult(JsonNode raw, boolean replayed) {
        this.id = Answers.text(raw, "id");
        this.sockets = raw.path("sockets").asInt();
        this.online = Answers.strings(raw, "online");
        this.offline = Answers.strings(raw, "offline");
        this.queued = Answers.strings(raw, "queued");
        this.replayed = replayed;
        this.raw = raw;
    }

    static PushResult of(JsonNode raw, boolean replayed) {
        return new PushResult(raw, replayed);
    }

    /** The message's id, for {@link PushClient#message(String)} and history. */
    public String id() {
        return id;
    }

    /** How many sockets it was written to, cluster-wide. */
    public int sockets() {
        return sockets;
    }

    /** The tokens that had a socket. */
    public List<String> online() {
        return online;
    }

    /** The tokens that had none. */
    public List<String> offline() {
        return offline;
    }

    /** The tokens whose inbox keeps it until their next login (pushes with a ttl). */
    public List<String> queued() {
        return queued;
    }

    /**
     * Whether this is the first answer to an earlier attempt with the same Idempotency-Key (header
     * {@code Idempotent-Replayed}): delivered then, not again.
     */
    public boolean replayed() {
        return replayed;
    }

    /** The whole answer, for fields this version does not model (e.g. {@code stored}, mobile counts). */
    public JsonNode raw() {
        return raw;
    }

    @Override
    public String toString() {
        return "PushResult" + raw;
    }
}
