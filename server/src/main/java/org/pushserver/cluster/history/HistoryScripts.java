package org.pushserver.cluster.history;

/**
 * The Lua scripts of {@link RedisHistory}: each is one atomic round trip. Entries are text,
 * {@code seq|epoch|createdAt|entityTypeLength|entityType data} in history and
 * {@code expiresAt|id|createdAt|entityTypeLength|entityType data} in the inbox, so that scripts read the numbers
 * they need with one pattern and never parse JSON.
 */
public final class HistoryScripts {
    /** More ids than a Redis master can give out, unreplicated, before a failover notices it is gone. */
    public static final long LOST_IDS_MARGIN = 1_000_000;

    private HistoryScripts() {
    }

    /**
     * A message's id, and its entry in each token's list (or the broadcasts'). KEYS[1]: the meta hash, then pairs of
     * a list and its trim key (each token's, or the broadcasts'); ARGV[1]: an epoch for a new history, ARGV[2]: size
     * (0: ids only), ARGV[3]: the lists' TTL in ms, ARGV[4]: the entry after its {@code seq|epoch|}, ARGV[5]: '1' for a
     * broadcast (its list has no TTL), ARGV[6]: the highest seq this node was given, ARGV[7]: the margin of
     * {@link #SKIP_LOST_IDS}. Returns {@code {epoch, seq}}.
     *
     * <p>A counter at or below an id this node was already given means a failover lost that write: the counter
     * moves past the margin before this id is given, so no id is given twice even before the heartbeat notices.
     */
    static final String APPEND = """
            local epoch = redis.call('HGET', KEYS[1], 'epoch')
            if not epoch then
              epoch = ARGV[1]
              redis.call('HSET', KEYS[1], 'epoch', epoch, 'seq', 0)
            end
            local seq = redis.call('HINCRBY', KEYS[1], 'seq', 1)
            local given = tonumber(ARGV[6])
            if seq <= given then
              seq = redis.call('HINCRBY', KEYS[1], 'seq', given - seq + 1 + tonumber(ARGV[7]))
            end
            local size = tonumber(ARGV[2])
            if size == 0 then
              return {epoch, seq}
            end
            local entry = seq .. '|' .. epoch .. '|' .. ARGV[4]
            local function add(key, trim, ttl)
              local n = redis.call('RPUSH', key, entry)
              if n == 1 and ttl then
                redis.call('SET', trim, seq - 1, 'PX', ttl)
              end
              if n > size then
                local last = redis.call('LINDEX', key, n - size - 1)
                redis.call('LTRIM', key, n - size, -1)
                local dropped = string.match(last, '^(%d+)|')
                if ttl then
                  redis.call('SET', trim, dropped, 'PX', ttl)
                else
                  redis.call('SET', trim, dropped)
                end
              end
              if ttl then
                redis.call('PEXPIRE', key, ttl)
                redis.call('PEXPIRE', trim, ttl)
              end
            end
            local ttl = ARGV[3]
            if ARGV[5] == '1' then
              ttl = nil
            end
            for i = 2, #KEYS, 2 do
              add(KEYS[i], KEYS[i + 1], ttl)
            end
            return {epoch, seq}
            """;

    /**
     * What a recovery needs, after dropping entries older than the history's TTL. KEYS[1]: the meta hash, KEYS[2]:
     * the token's list, KEYS[3]: its trim key, KEYS[4]: the broadcasts' list, KEYS[5]: their trim key; ARGV[1]: the
     * id's epoch ('' for none), ARGV[2]: its seq, ARGV[3]: the age horizon (ms since the epoch), ARGV[4]: the TTL.
     * Returns {@code {'lost'}}, {@code {'unknown'}}, or {@code {'ok', tokenListExists, tokenTrim, broadcastTrim,
     * tokenEntries, broadcastEntries}}.
     */
    static final String SINCE = """
            local epoch = redis.call('HGET', KEYS[1], 'epoch')
            local top = tonumber(redis.call('HGET', KEYS[1], 'seq') or '0')
            if ARGV[1] ~= '' then
              if epoch ~= ARGV[1] then
                return {'lost'}
              end
              if tonumber(ARGV[2]) > top then
                return {'unknown'}
              end
            end
            local horizon = tonumber(ARGV[3])
            local function age(key, trim, ttl)
              while true do
                local first = redis.call('LINDEX', key, 0)
                if not first then
                  return
                end
                local s, c = string.match(first, '^(%d+)|[^|]*|(%d+)|')
                if tonumber(c) > horizon then
                  return
                end
                redis.call('LPOP', key)
                if ttl then
                  redis.call('SET', trim, s, 'PX', ttl)
                else
                  redis.call('SET', trim, s)
                end
              end
            end
            age(KEYS[2], KEYS[3], ARGV[4])
            age(KEYS[4], KEYS[5], nil)
            local exists = redis.call('EXISTS', KEYS[2])
            return {'ok', tostring(exists), redis.call('GET', KEYS[3]) or '0', redis.call('GET', KEYS[5]) or '0',
              redis.call('LRANGE', KEYS[2], 0, -1), redis.call('LRANGE', KEYS[4], 0, -1)}
            """;

    /**
     * Each token's fate, and the inbox entry of each token with state {@code P} when the message has a ttl. KEYS[1]:
     * the fate hash, then each token's inbox in the order of the pairs; ARGV[1]: created, ARGV[2]: ttl end (0: no
     * ttl), ARGV[3]: the fate's TTL in ms, ARGV[4]: the inbox entry, ARGV[5]: the message ttl in ms, ARGV[6]: inbox
     * size, ARGV[7]: fate prefix, then token, state pairs. A token already {@code D} (acked before this settle) stays
     * so and is not queued. An inbox over its size drops its oldest, whose fate turns {@code E}: that fate's name is
     * known only from the dropped entry, so it is built here from the prefix (same hash tag, same slot as KEYS[1]).
     * Returns the number of tokens queued.
     */
    static final String SETTLE = """
            redis.call('HSET', KEYS[1], '_c', ARGV[1], '_x', ARGV[2])
            local size = tonumber(ARGV[6])
            local ttl = tonumber(ARGV[5])
            local queued = 0
            for i = 8, #ARGV, 2 do
              local token = ARGV[i]
              local acked = redis.call('HGET', KEYS[1], token) == 'D'
              if not acked then
                redis.call('HSET', KEYS[1], token, ARGV[i + 1])
              end
              if ARGV[i + 1] == 'P' and ARGV[2] ~= '0' and not acked then
                queued = queued + 1
                local key = KEYS[(i - 8) / 2 + 2]
                local n = redis.call('RPUSH', key, ARGV[4])
                if n > size then
                  for _, gone in ipairs(redis.call('LRANGE', key, 0, n - size - 1)) do
                    local fate = ARGV[7] .. string.match(gone, '^%d+|([^|]+)|')
                    if redis.call('EXISTS', fate) == 1 then
                      redis.call('HSET', fate, token, 'E')
                    end
                  end
                  redis.call('LTRIM', key, n - size, -1)
                end
                if redis.call('PTTL', key) < ttl then
                  redis.call('PEXPIRE', key, ttl)
                end
              end
            end
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            return queued
            """;

    /**
     * Moves the id counter past the ids a failover may have lost. KEYS[1]: the meta hash; ARGV[1]: the margin. Ids the
     * old master gave but had not replicated would otherwise be given again to other messages, and a client resuming
     * from such an id would silently skip those; after the jump it is "unknown" until the counter passes it, which it
     * cannot within the margin. Nothing when the history has no epoch (a new one starts anyway).
     */
    public static final String SKIP_LOST_IDS = """
            if redis.call('HEXISTS', KEYS[1], 'epoch') == 1 then
              return redis.call('HINCRBY', KEYS[1], 'seq', ARGV[1])
            end
            return 0
            """;

    /** Takes a token's inbox. KEYS[1]: the inbox. Returns its entries, oldest first. */
    static final String TAKE = """
            local all = redis.call('LRANGE', KEYS[1], 0, -1)
            redis.call('DEL', KEYS[1])
            return all
            """;

    /**
     * A message's fate. KEYS[1]: the fate hash, KEYS[2]: its notifications to devices. Returns both flat:
     * {@code {{field, value…}, {token, letter…}}}.
     */
    static final String FATE = """
            return {redis.call('HGETALL', KEYS[1]), redis.call('HGETALL', KEYS[2])}
            """;

    /**
     * Tokens' notification states. KEYS[1]: the fate hash, KEYS[2]: the notifications' hash; ARGV: pairs of a token
     * and its state letter. Nothing without a fate; {@code Q} never replaces a state (a send may finish first). The
     * hash expires with the fate. Returns 1 when written.
     */
    static final String MOBILE = """
            local ttl = redis.call('PTTL', KEYS[1])
            if ttl < 0 then
              return 0
            end
            for i = 1, #ARGV, 2 do
              if ARGV[i + 1] == 'Q' then
                redis.call('HSETNX', KEYS[2], ARGV[i], 'Q')
              else
                redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1])
              end
            end
            redis.call('PEXPIRE', KEYS[2], ttl)
            return 1
            """;

    /**
     * Marks one token's fate delivered and takes the message out of its inbox. KEYS[1]: the fate hash, KEYS[2]: the
     * token's inbox; ARGV[1]: token, ARGV[2]: the message id, ARGV[3]: ms to keep a fate this call creates. An ack
     * may come before the push's settle (the socket's node is not the one that settles): the hash is then created,
     * without {@code _c}, so it is not read as a fate until the settle completes it, and expires if none comes.
     */
    static final String MARK = """
            local new = redis.call('EXISTS', KEYS[1]) == 0
            redis.call('HSET', KEYS[1], ARGV[1], 'D')
            if new then
              redis.call('PEXPIRE', KEYS[1], ARGV[3])
            end
            for _, entry in ipairs(redis.call('LRANGE', KEYS[2], 0, -1)) do
              if string.match(entry, '^%d+|([^|]+)|') == ARGV[2] then
                redis.call('LREM', KEYS[2], 1, entry)
              end
            end
            return 0
            """;

    /** A token's inbox, left in place. KEYS[1]: the inbox. Returns its entries, oldest first. */
    static final String PEEK = """
            return redis.call('LRANGE', KEYS[1], 0, -1)
            """;

    /**
     * Claims an Idempotency-Key. KEYS[1]: its key; ARGV[1]: the marker {@code p|fingerprint}, ARGV[2]: the marker's
     * TTL in ms. Returns '' when claimed, else what the key holds.
     */
    public static final String CLAIM = """
            if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
              return ''
            end
            return redis.call('GET', KEYS[1]) or '-'
            """;

    /** Frees an Idempotency-Key its request could not answer. KEYS[1]: its key; ARGV[1]: that request's marker. */
    public static final String RELEASE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              redis.call('DEL', KEYS[1])
            end
            return 0
            """;
}
