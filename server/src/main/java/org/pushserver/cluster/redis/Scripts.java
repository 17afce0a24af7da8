package org.pushserver.cluster.redis;

/** The Lua scripts run in Redis: each is one atomic round trip. Key names are built by {@link RedisKeys}. */
public final class Scripts {
    private Scripts() {
    }

    /**
     * Presence of tokens. KEYS: the tokens' presence hashes; ARGV[1]: the alive-key prefix. Returns, per token, a
     * flat list {@code node, count, node, count…} of the nodes that are alive (fields of dead nodes are skipped).
     */
    public static final String PRESENCE = """
            local alive = {}
            local out = {}
            for i, key in ipairs(KEYS) do
              local flat = redis.call('HGETALL', key)
              local live = {}
              for j = 1, #flat, 2 do
                local node = flat[j]
                local a = alive[node]
                if a == nil then
                  a = redis.call('EXISTS', ARGV[1] .. node) == 1
                  alive[node] = a
                end
                if a then
                  live[#live + 1] = node
                  live[#live + 1] = flat[j + 1]
                end
              end
              out[i] = live
            end
            return out
            """;

    /**
     * One event in a fixed window. KEYS[1]: the window's counter; ARGV[1]: the window in ms. The first event opens the
     * window (sets its TTL). Returns {@code {count, ms left}}.
     */
    public static final String WINDOW_HIT = """
            local count = redis.call('INCR', KEYS[1])
            if count == 1 then
              redis.call('PEXPIRE', KEYS[1], ARGV[1])
            end
            local left = redis.call('PTTL', KEYS[1])
            if left < 0 then
              redis.call('PEXPIRE', KEYS[1], ARGV[1])
              left = tonumber(ARGV[1])
            end
            return {count, left}
            """;

    /**
     * Registered nodes, split by liveness. KEYS[1]: the node set; ARGV[1]: the alive-key prefix.
     * Returns {@code {liveNodes, deadNodes}}.
     */
    public static final String NODES = """
            local live = {}
            local dead = {}
            for _, node in ipairs(redis.call('SMEMBERS', KEYS[1])) do
              if redis.call('EXISTS', ARGV[1] .. node) == 1 then
                live[#live + 1] = node
              else
                dead[#dead + 1] = node
              end
            end
            return {live, dead}
            """;

    /**
     * Removes one node's presence, a bounded chunk per call. KEYS[1]: its alive key, KEYS[2]: its token set,
     * KEYS[3]: the node set; ARGV[1]: node id, ARGV[2]: presence-key prefix, ARGV[3]: chunk size, ARGV[4]: '1' when
     * the node leaves itself (else the call does nothing while the node is alive). Returns tokens left to clean, or
     * -1 when the node is alive.
     */
    public static final String REAP = """
            if ARGV[4] == '1' then
              redis.call('DEL', KEYS[1])
            elseif redis.call('EXISTS', KEYS[1]) == 1 then
              return -1
            end
            redis.call('SREM', KEYS[3], ARGV[1])
            local tokens = redis.call('SPOP', KEYS[2], tonumber(ARGV[3]))
            for _, t in ipairs(tokens) do
              redis.call('HDEL', ARGV[2] .. t, ARGV[1])
            end
            return redis.call('SCARD', KEYS[2])
            """;
}
