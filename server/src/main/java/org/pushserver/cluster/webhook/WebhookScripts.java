package org.pushserver.cluster.webhook;

/**
 * The Lua scripts of the webhooks' cluster state ({@link RedisPresenceTransitions}, {@link RedisExpiryIndex}). Every
 * key a script touches is in its KEYS (all under the one {@code {prefix}} hash tag), so they run on Redis Cluster.
 */
final class WebhookScripts {
    private WebhookScripts() {
    }

    /**
     * Writes this node's socket count of some tokens, in order. KEYS[1]: leaving, KEYS[2]: this node's token set,
     * KEYS[3]: the node set, then per token its sockets hash and online flag; ARGV[1]: node id, ARGV[2]: when a grace
     * starting now ends, then per token: token, count. A count above 0 clears a grace and flips the flag on; 0 with no
     * other node left starts the grace. Returns {@code {1 when this node was not in the node set, tokens now online}}.
     */
    static final String WRITE = """
            local added = redis.call('SADD', KEYS[3], ARGV[1])
            local out = {}
            for i = 1, (#KEYS - 3) / 2 do
              local sockets, online = KEYS[2 + 2 * i], KEYS[3 + 2 * i]
              local token, count = ARGV[1 + 2 * i], tonumber(ARGV[2 + 2 * i])
              if count > 0 then
                redis.call('SADD', KEYS[2], token)
                redis.call('HSET', sockets, ARGV[1], count)
                redis.call('ZREM', KEYS[1], token)
                if redis.call('SET', online, '1', 'NX') then
                  out[#out + 1] = token
                end
              else
                redis.call('HDEL', sockets, ARGV[1])
                redis.call('SREM', KEYS[2], token)
                if redis.call('EXISTS', sockets) == 0 and redis.call('EXISTS', online) == 1 then
                  redis.call('ZADD', KEYS[1], ARGV[2], token)
                end
              end
            end
            return {added, out}
            """;

    /**
     * Removes a node's counts of some tokens. KEYS[1]: its alive key, KEYS[2]: its token set, KEYS[3]: the node set,
     * KEYS[4]: leaving, then per token its sockets hash and online flag; ARGV[1]: node id, ARGV[2]: when a grace
     * starting now ends, ARGV[3]: '1' when the node leaves itself (else nothing happens while it is alive), then the
     * tokens. A token left with no node starts its grace. Returns the tokens the node still has, or -1 when alive.
     */
    static final String REAP = """
            if ARGV[3] ~= '1' and redis.call('EXISTS', KEYS[1]) == 1 then
              return -1
            end
            for i = 1, (#KEYS - 4) / 2 do
              local sockets, online = KEYS[3 + 2 * i], KEYS[4 + 2 * i]
              local token = ARGV[3 + i]
              if redis.call('SREM', KEYS[2], token) == 1 then
                redis.call('HDEL', sockets, ARGV[1])
                if redis.call('EXISTS', sockets) == 0 and redis.call('EXISTS', online) == 1 then
                  redis.call('ZADD', KEYS[4], ARGV[2], token)
                end
              end
            end
            local left = redis.call('SCARD', KEYS[2])
            if left == 0 then
              redis.call('SREM', KEYS[3], ARGV[1])
            end
            return left
            """;

    /**
     * Claims {@code token_offline} of tokens whose grace ended. KEYS[1]: leaving, then per token its sockets hash and
     * online flag; ARGV[1]: now, then the tokens. A token whose grace has not ended (a socket came back, or another
     * node claimed it) is skipped. Returns the tokens this call took offline: only one caller gets each.
     */
    static final String CLAIM_OFFLINE = """
            local out = {}
            for i = 1, (#KEYS - 1) / 2 do
              local token = ARGV[1 + i]
              local at = redis.call('ZSCORE', KEYS[1], token)
              if at and tonumber(at) <= tonumber(ARGV[1]) then
                redis.call('ZREM', KEYS[1], token)
                if redis.call('EXISTS', KEYS[2 * i]) == 0 and redis.call('DEL', KEYS[1 + 2 * i]) == 1 then
                  out[#out + 1] = token
                end
              end
            end
            return out
            """;

    /** Adds node ARGV[1] to the node set KEYS[1]; returns 1 when it was not there (first time, or reaped meanwhile). */
    static final String REGISTER = """
            return redis.call('SADD', KEYS[1], ARGV[1])
            """;

    /** Members of sorted set KEYS[1] with a score up to ARGV[1], at most ARGV[2]; read only. */
    static final String DUE = """
            return redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
            """;

    /** Up to ARGV[1] random members of set KEYS[1]; read only. */
    static final String SOME = """
            return redis.call('SRANDMEMBER', KEYS[1], tonumber(ARGV[1]))
            """;

    /** Members of set KEYS[1]; read only. */
    static final String ALL = """
            return redis.call('SMEMBERS', KEYS[1])
            """;

    /** Adds ARGV[1] with score ARGV[2] to sorted set KEYS[1] unless it holds ARGV[3] members. Returns 1 when added. */
    static final String TRACK = """
            if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then
              return 0
            end
            redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
            return 1
            """;

    /** Takes (removes and returns) up to ARGV[2] members of sorted set KEYS[1] with a score up to ARGV[1]. */
    static final String CLAIM_DUE = """
            local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
            for _, member in ipairs(due) do
              redis.call('ZREM', KEYS[1], member)
            end
            return due
            """;
}
