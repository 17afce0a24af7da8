package org.pushserver.cluster;

/**
 * Every Redis key and channel name, from the configured prefix. Keys carry the prefix as a hash tag
 * ({@code {prefix}:…}) so that on Redis Cluster they share one slot and the Lua scripts may touch them together.
 */
final class RedisKeys {
    private final String tag;
    private final String channelPrefix;

    RedisKeys(String prefix) {
        this.tag = "{" + prefix + "}:";
        this.channelPrefix = prefix + ":";
    }

    /** Hash: node id → number of sockets of this token on that node. No TTL: fields are removed by their node or the reaper. */
    String presence(String token) {
        return tag + "presence:" + token;
    }

    String presencePrefix() {
        return tag + "presence:";
    }

    /** String with TTL NODE_TTL_MS, refreshed by the node's heartbeat: the node is alive while it exists. */
    String alive(String nodeId) {
        return alivePrefix() + nodeId;
    }

    String alivePrefix() {
        return tag + "alive:";
    }

    /** Set: the tokens a node has written presence fields for, so that its fields can be removed when it dies. */
    String nodeTokens(String nodeId) {
        return tag + "tokens:" + nodeId;
    }

    /** Set: ids of every node that may have presence fields; the reaper walks it. */
    String nodes() {
        return tag + "nodes";
    }

    /** String counter with a TTL of its window: events of one key in the current window, cluster-wide. */
    String window(String key) {
        return tag + "window:" + key;
    }

    /** Pub/sub channel a node listens on for requests and for replies to its own requests. */
    String channel(String nodeId) {
        return channelPrefix + "node:" + nodeId;
    }
}
