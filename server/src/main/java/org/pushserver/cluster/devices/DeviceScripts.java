package org.pushserver.cluster.devices;

/** The Lua scripts of {@link RedisDevices}: each is one atomic round trip. */
final class DeviceScripts {
    private DeviceScripts() {
    }

    /**
     * Adds (or replaces) one device and drops the token's oldest beyond the bound. KEYS[1]: the token's device hash,
     * KEYS[2]: its order; ARGV[1]: the address, ARGV[2]: the device JSON, ARGV[3]: registered at (ms), ARGV[4]: the
     * bound, ARGV[5]: the keys' TTL in ms. A score is above every other of the token (same-ms registrations keep their
     * order). Returns the number dropped.
     */
    static final String ADD = """
            local top = redis.call('ZREVRANGE', KEYS[2], 0, 0, 'WITHSCORES')
            local score = tonumber(ARGV[3])
            if top[2] and tonumber(top[2]) >= score and top[1] ~= ARGV[1] then
              score = tonumber(top[2]) + 1
            end
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
            redis.call('ZADD', KEYS[2], score, ARGV[1])
            local over = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[4])
            if over > 0 then
              for _, gone in ipairs(redis.call('ZRANGE', KEYS[2], 0, over - 1)) do
                redis.call('HDEL', KEYS[1], gone)
              end
              redis.call('ZREMRANGEBYRANK', KEYS[2], 0, over - 1)
            else
              over = 0
            end
            redis.call('PEXPIRE', KEYS[1], ARGV[5])
            redis.call('PEXPIRE', KEYS[2], ARGV[5])
            return over
            """;

    /** Removes one device. KEYS[1]: the device hash, KEYS[2]: the order; ARGV[1]: the address. Returns 1 when there was one. */
    static final String REMOVE = """
            redis.call('ZREM', KEYS[2], ARGV[1])
            return redis.call('HDEL', KEYS[1], ARGV[1])
            """;

    /** A token's devices, oldest first. KEYS[1]: the device hash, KEYS[2]: the order. Returns the device JSONs. */
    static final String LIST = """
            local order = redis.call('ZRANGE', KEYS[2], 0, -1)
            if #order == 0 then
              return {}
            end
            local out = {}
            for _, json in ipairs(redis.call('HMGET', KEYS[1], unpack(order))) do
              if json then
                out[#out + 1] = json
              end
            end
            return out
            """;

    /**
     * Several tokens' devices, as {@link #LIST} does for one. KEYS: pairs of a token's device hash and its order.
     * Returns one list of device JSONs per pair.
     */
    static final String LIST_MANY = """
            local all = {}
            for i = 1, #KEYS, 2 do
              local out = {}
              local order = redis.call('ZRANGE', KEYS[i + 1], 0, -1)
              if #order > 0 then
                for _, json in ipairs(redis.call('HMGET', KEYS[i], unpack(order))) do
                  if json then
                    out[#out + 1] = json
                  end
                end
              end
              all[#all + 1] = out
            end
            return all
            """;
}
