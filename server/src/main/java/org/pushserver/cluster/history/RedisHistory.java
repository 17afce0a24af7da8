package org.pushserver.cluster.history;

import org.pushserver.cluster.redis.RedisGateway;
import org.pushserver.cluster.redis.RedisHealth;
import org.pushserver.cluster.redis.RedisKeys;
import org.pushserver.config.HistoryConfig;
import org.pushserver.delivery.DeliveryReport;
import org.pushserver.delivery.PushMessage;
import org.pushserver.delivery.StoreUnavailableException;
import org.pushserver.history.Accepted;
import org.pushserver.history.Fate;
import org.pushserver.history.MessageId;
import org.pushserver.history.MessageLog;
import org.pushserver.history.Recovery;
import org.pushserver.history.RecoveryRule;
import org.pushserver.history.Settled;
import org.pushserver.history.StoredMessage;
import org.pushserver.history.TokenLog;
import org.pushserver.metrics.PushMetrics;
import org.redisson.api.RScript;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The cluster's {@link MessageLog}: ids from one counter in Redis, so they are ordered per token whichever node
 * accepted the message, and history, fates and inboxes in Redis, each step one Lua script. Every key shares the
 * prefix's hash tag, so one script may touch a message's whole token list on Redis Cluster too.
 *
 * <p>When Redis does not answer (or is known to be down), nothing waits: the message gets an id of this node's own
 * epoch, which no history knows, and the answer says {@code stored: false}; recoveries answer "not recoverable".
 * Storing resumes as soon as the heartbeat finds Redis again.
 */
public final class RedisHistory implements MessageLog {
    private static final Logger log = LoggerFactory.getLogger(RedisHistory.class);

    private final RedisGateway redis;
    private final RedisHealth health;
    private final RedisKeys keys;
    private final HistoryConfig config;
    private final PushMetrics metrics;
    private final String localEpoch = MessageId.newEpoch();
    private final AtomicLong localSeq = new AtomicLong();
    /** The highest seq Redis gave this node: a counter found below it was rolled back by a failover. */
    private final AtomicLong highestSeq = new AtomicLong();

    public RedisHistory(RedisGateway redis, RedisHealth health, RedisKeys keys, HistoryConfig config, PushMetrics metrics) {
        this.redis = redis;
        this.health = health;
        this.keys = keys;
        this.config = config;
        this.metrics = metrics;
    }

    @Override
    public boolean historyEnabled() {
        return config.enabled();
    }

    /** An id no history knows: for messages that could not be stored, or when ids need no order across nodes. */
    private Accepted local(PushMessage message, long now, boolean stored) {
        return new Accepted(message.withId(new MessageId(localEpoch, localSeq.incrementAndGet()).toString()), now, stored);
    }

    @Override
    public CompletableFuture<Accepted> append(List<String> tokens, PushMessage message) {
        return append(tokens, message, false);
    }

    @Override
    public CompletableFuture<Accepted> appendBroadcast(PushMessage message) {
        return append(List.of(), message, true);
    }

    private CompletableFuture<Accepted> append(List<String> tokens, PushMessage message, boolean broadcast) {
        long now = System.currentTimeMillis();
        if (!config.enabled()) {
            return CompletableFuture.completedFuture(local(message, now, true)); // today's cost: no Redis call
        }
        if (!health.usable()) {
            metrics.notStored("history");
            return CompletableFuture.completedFuture(local(message, now, false));
        }
        List<Object> lists = new ArrayList<>(2 * tokens.size() + 3); // declared, so the script builds no key name
        lists.add(keys.historyMeta());
        if (broadcast) {
            lists.add(keys.broadcasts());
            lists.add(keys.broadcastsTrimmed());
        } else {
            for (String token : tokens) {
                lists.add(keys.historyPrefix() + token);
                lists.add(keys.trimmedPrefix() + token);
            }
        }
        return redis.<List<Object>>eval(RScript.Mode.READ_WRITE, HistoryScripts.APPEND, lists, MessageId.newEpoch(),
                        Integer.toString(config.size()), Long.toString(config.ttl().toMillis()),
                        HistoryEntries.historyTail(now, message), broadcast ? "1" : "0", Long.toString(highestSeq.get()),
                        Long.toString(HistoryScripts.LOST_IDS_MARGIN))
                .thenApply(r -> {
                    long seq = (Long) r.get(1);
                    highestSeq.accumulateAndGet(seq, Math::max);
                    return new Accepted(message.withId(new MessageId((String) r.get(0), seq).toString()), now, true);
                })
                .exceptionally(e -> {
                    log.debug("history append failed: {}", RedisHealth.reason(e));
                    metrics.notStored("history");
                    return local(message, now, false);
                });
    }

    @Override
    public CompletableFuture<Settled> settle(Accepted accepted, List<String> tokens, DeliveryReport report, Duration ttl) {
        boolean queue = ttl != null && !ttl.isZero() && !ttl.isNegative();
        if (!config.enabled() && !queue) {
            return CompletableFuture.completedFuture(Settled.NOTHING);
        }
        List<String> queued = new ArrayList<>();
        List<Object> pairs = new ArrayList<>();
        for (String token : report.online()) {
            boolean awaiting = report.awaitsAck(token); // pending until acked; queued so a next login gets it again
            pairs.addAll(List.of(token, (awaiting ? Fate.State.PENDING : Fate.State.DELIVERED).letter()));
            if (awaiting && queue) {
                queued.add(token);
            }
        }
        List<String> absent = new ArrayList<>(report.offline());
        absent.addAll(report.undetermined()); // unknown presence: keep it, a duplicate beats a loss
        for (String token : absent) {
            Fate.State state = queue ? Fate.State.PENDING : Fate.State.OFFLINE;
            pairs.addAll(List.of(token, state.letter()));
            if (queue) {
                queued.add(token);
            }
        }
        if (!health.usable()) {
            metrics.notStored("fate");
            return CompletableFuture.completedFuture(new Settled(List.of(), false));
        }
        long now = System.currentTimeMillis();
        long ttlMs = queue ? ttl.toMillis() : 0;
        long expiresAt = queue ? now + ttlMs : 0;
        long keep = config.ttl().toMillis() + ttlMs; // "expired" stays readable one history TTL past the ttl
        StoredMessage m = new StoredMessage(accepted.message(), accepted.createdAt());
        List<Object> args = new ArrayList<>(pairs.size() + 7);
        args.addAll(List.of(Long.toString(accepted.createdAt()), Long.toString(expiresAt), Long.toString(keep),
                HistoryEntries.inbox(expiresAt, m), Long.toString(Math.max(1, ttlMs)),
                Integer.toString(config.inboxSize()), keys.fatePrefix()));
        args.addAll(pairs);
        List<Object> fateAndInboxes = new ArrayList<>(pairs.size() / 2 + 1); // declared, so the script builds no key name
        fateAndInboxes.add(keys.fatePrefix() + accepted.id());
        for (int i = 0; i < pairs.size(); i += 2) {
            fateAndInboxes.add(keys.inboxPrefix() + pairs.get(i));
        }
        return redis.<Long>eval(RScript.Mode.READ_WRITE, HistoryScripts.SETTLE, RScript.ReturnType.INTEGER,
                        fateAndInboxes, args.toArray())
                .thenApply(n -> new Settled(queued, true))
                .exceptionally(e -> {
                    metrics.notStored("fate");
                    return new Settled(List.of(), false);
                });
    }

    @Override
    public CompletableFuture<Recovery> since(String token, String lastId, int limit) {
        MessageId id = null;
        if (lastId != null) {
            Optional<MessageId> parsed = MessageId.parse(lastId);
            if (parsed.isEmpty()) {
                return CompletableFuture.completedFuture(Recovery.invalid("not a message id"));
            }
            id = parsed.get();
            if (id.epoch().equals(localEpoch)) {
                return CompletableFuture.completedFuture(Recovery.notRecoverable("the message was not stored (redis was unreachable)"));
            }
        }
        if (!config.enabled()) {
            return CompletableFuture.completedFuture(Recovery.notRecoverable("history is off (HISTORY_SIZE=0)"));
        }
        if (!health.usable()) {
            return CompletableFuture.completedFuture(Recovery.notRecoverable("the history store (redis) is unreachable"));
        }
        MessageId from = id;
        long ttl = config.ttl().toMillis();
        return redis.<List<Object>>eval(RScript.Mode.READ_WRITE, HistoryScripts.SINCE, List.of(keys.historyMeta(),
                                keys.historyPrefix() + token, keys.trimmedPrefix() + token, keys.broadcasts(), keys.broadcastsTrimmed()),
                        from == null ? "" : from.epoch(), from == null ? "0" : Long.toString(from.seq()),
                        Long.toString(System.currentTimeMillis() - ttl), Long.toString(ttl))
                .thenApply(r -> answer(r, from, limit))
                .exceptionally(e -> Recovery.notRecoverable("the history store (redis) is unreachable"));
    }

    @SuppressWarnings("unchecked")
    private static Recovery answer(List<Object> r, MessageId id, int limit) {
        switch ((String) r.get(0)) {
            case "lost" -> {
                return Recovery.notRecoverable("the id is from a history the store no longer has");
            }
            case "unknown" -> {
                return Recovery.invalid("no message has this id yet");
            }
            default -> {
                TokenLog token = "1".equals(r.get(1)) ? logOf((String) r.get(2), (List<String>) r.get(4)) : null;
                TokenLog broadcasts = logOf((String) r.get(3), (List<String>) r.get(5));
                return RecoveryRule.answer(id, token, broadcasts, limit);
            }
        }
    }

    private static TokenLog logOf(String trimmed, List<String> entries) {
        return TokenLog.of(Long.parseLong(trimmed), entries.stream().map(HistoryEntries::history).toList());
    }

    @Override
    public CompletableFuture<List<StoredMessage>> takeInbox(String token) {
        return inbox(token, HistoryScripts.TAKE, RScript.Mode.READ_WRITE);
    }

    @Override
    public CompletableFuture<List<StoredMessage>> inbox(String token) {
        return inbox(token, HistoryScripts.PEEK, RScript.Mode.READ_ONLY);
    }

    private CompletableFuture<List<StoredMessage>> inbox(String token, String script, RScript.Mode mode) {
        if (!health.usable()) {
            return CompletableFuture.completedFuture(List.of()); // still there when redis answers again
        }
        long now = System.currentTimeMillis();
        return redis.<List<String>>eval(mode, script, List.of(keys.inboxPrefix() + token))
                .thenApply(all -> all.stream().filter(e -> HistoryEntries.inboxExpiry(e) > now)
                        .map(HistoryEntries::inboxMessage).toList())
                .exceptionally(e -> List.of());
    }

    @Override
    public void delivered(String id, String token) {
        if (health.usable()) {
            redis.eval(RScript.Mode.READ_WRITE, HistoryScripts.MARK, RScript.ReturnType.INTEGER,
                    List.of(keys.fatePrefix() + id, keys.inboxPrefix() + token), token, id,
                    Long.toString(config.ttl().toMillis()));
        }
    }

    @Override
    public void mobile(String id, Map<String, Fate.Mobile> states) {
        if (states.isEmpty()) {
            return;
        }
        if (health.usable()) {
            List<Object> pairs = new ArrayList<>(2 * states.size());
            states.forEach((token, state) -> {
                pairs.add(token);
                pairs.add(state.letter());
            });
            redis.eval(RScript.Mode.READ_WRITE, HistoryScripts.MOBILE, RScript.ReturnType.INTEGER,
                    List.of(keys.fatePrefix() + id, keys.mobileFatePrefix() + id), pairs.toArray())
                    .exceptionally(e -> {
                        metrics.notStored("mobile_fate");
                        return null;
                    });
        } else {
            metrics.notStored("mobile_fate");
        }
    }

    @Override
    public CompletableFuture<Optional<Fate>> fate(String id) {
        if (MessageId.parse(id).isEmpty()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        if (!health.usable()) {
            throw new StoreUnavailableException("the history store (redis) is unreachable");
        }
        long now = System.currentTimeMillis();
        return redis.<List<List<String>>>eval(RScript.Mode.READ_ONLY, HistoryScripts.FATE,
                        List.of(keys.fatePrefix() + id, keys.mobileFatePrefix() + id))
                .exceptionally(e -> {
                    throw new StoreUnavailableException("the history store (redis) is unreachable: " + RedisHealth.reason(e));
                })
                .thenApply(both -> {
                    List<String> flat = both.get(0);
                    Map<String, String> all = new HashMap<>();
                    for (int i = 0; i + 1 < flat.size(); i += 2) {
                        all.put(flat.get(i), flat.get(i + 1));
                    }
                    if (!all.containsKey("_c")) {
                        return Optional.<Fate>empty(); // none, or only an ack that came before its push's settle
                    }
                    long expiresAt = Long.parseLong(all.getOrDefault("_x", "0"));
                    Map<String, String> states = new TreeMap<>();
                    all.forEach((field, letter) -> {
                        if (!field.equals("_c") && !field.equals("_x")) {
                            Fate.State s = Fate.State.ofLetter(letter);
                            states.put(field, (s == Fate.State.PENDING && expiresAt > 0 && now >= expiresAt ? Fate.State.EXPIRED : s).value());
                        }
                    });
                    Map<String, String> mobile = new TreeMap<>();
                    List<String> devices = both.get(1);
                    for (int i = 0; i + 1 < devices.size(); i += 2) {
                        mobile.put(devices.get(i), Fate.Mobile.ofLetter(devices.get(i + 1)).value());
                    }
                    return Optional.of(new Fate(id, Long.parseLong(all.getOrDefault("_c", "0")), states, mobile));
                });
    }

    @Override
    public Held held() {
        return new Held(0, 0); // held in redis, not here
    }

    @Override
    public void close() {
        // The Redis client belongs to RedisBroadcaster, which closes it.
    }
}
