package org.pushserver.cluster.redis;

/**
 * Every Redis key and channel name, from the configured prefix. Keys carry the prefix as a hash tag
 * ({@code {prefix}:…}) so that on Redis Cluster they share one slot and the Lua scripts may touch them together.
 */
public final class RedisKeys {
    private final String tag;
    private final String channelPrefix;

    public RedisKeys(String prefix) {
        this.tag = "{" + prefix + "}:";
        this.channelPrefix = prefix + ":";
    }

    /** Hash: node id → number of sockets of this token on that node. No TTL: fields are removed by their node or the reaper. */
    public String presence(String token) {
        return tag + "presence:" + token;
    }

    public String presencePrefix() {
        return tag + "presence:";
    }

    /** String with TTL NODE_TTL_MS, refreshed by the node's heartbeat: the node is alive while it exists. */
    public String alive(String nodeId) {
        return alivePrefix() + nodeId;
    }

    public String alivePrefix() {
        return tag + "alive:";
    }

    /** Set: the tokens a node has written presence fields for, so that its fields can be removed when it dies. */
    public String nodeTokens(String nodeId) {
        return tag + "tokens:" + nodeId;
    }

    /** Set: ids of every node that may have presence fields; the reaper walks it. */
    public String nodes() {
        return tag + "nodes";
    }

    /** String counter with a TTL of its window: events of one key in the current window, cluster-wide. */
    public String window(String key) {
        return tag + "window:" + key;
    }

    /** Hash: the history's {@code epoch} (its incarnation) and the last message {@code seq}. No TTL. */
    public String historyMeta() {
        return tag + "h:meta";
    }

    /** List: a token's recent messages, oldest first; TTL HISTORY_TTL_MS from its last message. */
    public String historyPrefix() {
        return tag + "h:list:";
    }

    /** String: the highest seq dropped from a token's list; same TTL as the list. */
    public String trimmedPrefix() {
        return tag + "h:trim:";
    }

    /** List: the broadcasts, every token's too; bounded by HISTORY_SIZE, no TTL. */
    public String broadcasts() {
        return tag + "h:broadcasts";
    }

    /** String: the highest seq dropped from the broadcasts. No TTL. */
    public String broadcastsTrimmed() {
        return tag + "h:broadcasts:trim";
    }

    /** Hash: a message's fate, token → state letter, plus {@code _c} (created) and {@code _x} (ttl end). */
    public String fatePrefix() {
        return tag + "h:fate:";
    }

    /** Hash: a message's notification to devices, token → state letter; expires with the message's fate hash. */
    public String mobileFatePrefix() {
        return tag + "h:mobile:";
    }

    /** Hash: a token's devices, address → device JSON; TTL {@code RedisDevices.KEEP} from its last registration. */
    public String devices(String token) {
        return tag + "dev:" + token;
    }

    /**
     * Sorted set: a token's device addresses by registration order, to drop the oldest; same TTL as the hash. Its
     * prefix is no prefix of {@link #devices}'s (a token {@code order:x} must not name another token's set).
     */
    public String deviceOrder(String token) {
        return tag + "devorder:" + token;
    }

    /** List: a token's offline inbox, oldest first; TTL the longest ttl in it. */
    public String inboxPrefix() {
        return tag + "h:inbox:";
    }

    /** String with TTL RECOVERY_WINDOW_MS: a lost socket's session under its pid, until its client takes it back. */
    public String savedSession(String pid) {
        return tag + "session:" + pid;
    }

    /** String: the first answer to an Idempotency-Key (or the marker of the request still answering it). */
    public String firstAnswer(String key) {
        return tag + "idem:" + key;
    }

    /** Pub/sub channel a node listens on for requests and for replies to its own requests. */
    public String channel(String nodeId) {
        return channelPrefix + "node:" + nodeId;
    }

    // webhooks (docs/WEBHOOKS.md): token_online/token_offline decided once per transition, message_expired once per entry

    /** Hash: node id → this token's sockets on that node. No TTL: a field goes at 0, or with its node (the reaper). */
    public String webhookSockets(String token) {
        return tag + "wh:sockets:" + token;
    }

    /** String {@code 1} from a token's {@code token_online} to its {@code token_offline}: the flag whose flip decides each. */
    public String webhookOnline(String token) {
        return tag + "wh:online:" + token;
    }

    /** Sorted set: tokens with no socket left → when their grace ends. */
    public String webhookLeaving() {
        return tag + "wh:leaving";
    }

    /** Set: the tokens a node has a {@link #webhookSockets} field for, so that a dead node's fields can be removed. */
    public String webhookNodeTokens(String nodeId) {
        return tag + "wh:tokens:" + nodeId;
    }

    /** Set: ids of the nodes that may have {@link #webhookSockets} fields. */
    public String webhookNodes() {
        return tag + "wh:nodes";
    }

    /** Sorted set: inbox entries ({@code ["id","token","entityType"]}) → when their ttl ends. */
    public String webhookExpiries() {
        return tag + "wh:expiries";
    }
}
