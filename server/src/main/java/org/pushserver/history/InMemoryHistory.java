package org.pushserver.history;

import org.pushserver.config.HistoryConfig;
import org.pushserver.delivery.DeliveryReport;
import org.pushserver.delivery.PushMessage;
import org.pushserver.metrics.PushMetrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The single-node {@link MessageLog}: ids from a counter with an epoch per start, and history, inbox and fates in
 * memory, bounded in total by HISTORY_MAX_BYTES ({@link MemoryBudget}). One lock guards it all: every operation is a
 * few map and deque steps. With history off and no ttl, a push costs one counter increment.
 */
public final class InMemoryHistory implements MessageLog {
    private final HistoryConfig config;
    private final PushMetrics metrics;
    private final LongSupplier clock;
    private final String epoch = MessageId.newEpoch();
    private final AtomicLong seq = new AtomicLong();
    private final Map<String, TokenLog> logs = new HashMap<>();
    private final TokenLog broadcasts = new TokenLog(0);
    private final Map<String, FateRecord> fates = new HashMap<>();
    private final Inboxes inboxes;
    private final MemoryBudget budget;

    public InMemoryHistory(HistoryConfig config, PushMetrics metrics) {
        this(config, metrics, System::currentTimeMillis);
    }

    /** With {@code clock} (ms since the epoch) instead of the system's. */
    InMemoryHistory(HistoryConfig config, PushMetrics metrics, LongSupplier clock) {
        this.config = config;
        this.metrics = metrics;
        this.clock = clock;
        this.budget = new MemoryBudget(config.maxBytes());
        this.inboxes = new Inboxes(config.inboxSize(), fates);
    }

    @Override
    public boolean historyEnabled() {
        return config.enabled();
    }

    /** The next id of this store; ids of a cluster come from Redis instead. */
    public String nextId() {
        return new MessageId(epoch, seq.incrementAndGet()).toString();
    }

    @Override
    public CompletableFuture<Accepted> append(List<String> tokens, PushMessage message) {
        return CompletableFuture.completedFuture(keep(tokens, message, false));
    }

    @Override
    public CompletableFuture<Accepted> appendBroadcast(PushMessage message) {
        return CompletableFuture.completedFuture(keep(List.of(), message, true));
    }

    private Accepted keep(List<String> tokens, PushMessage message, boolean broadcast) {
        long now = clock.getAsLong();
        if (!config.enabled()) {
            return new Accepted(message.withId(nextId()), now, true);
        }
        synchronized (this) {
            long at = seq.incrementAndGet(); // under the lock: entries reach every log in id order
            StoredMessage m = new StoredMessage(message.withId(new MessageId(epoch, at).toString()), now);
            List<TokenLog> held = new ArrayList<>(broadcast ? 1 : tokens.size());
            if (broadcast) {
                held.add(broadcasts);
                dropped(broadcasts.add(m, at, config.size()));
            } else {
                for (String token : tokens) {
                    TokenLog log = logs.computeIfAbsent(token, t -> new TokenLog(at - 1));
                    held.add(log);
                    dropped(log.add(m, at, config.size()));
                }
            }
            FateRecord fate = new FateRecord(now);
            fates.put(m.id(), fate);
            budget.add(new MessageItem(m, tokens, held, fate, now + config.ttl().toMillis()));
            trim(now);
            return new Accepted(m.message(), now, true);
        }
    }

    private void dropped(StoredMessage m) {
        if (m != null) {
            metrics.historyEvicted("size");
        }
    }

    @Override
    public CompletableFuture<Settled> settle(Accepted accepted, List<String> tokens, DeliveryReport report, Duration ttl) {
        boolean queue = ttl != null && !ttl.isZero() && !ttl.isNegative();
        if (!config.enabled() && !queue) {
            return CompletableFuture.completedFuture(Settled.NOTHING);
        }
        long now = clock.getAsLong();
        List<String> queued = new ArrayList<>();
        synchronized (this) {
            FateRecord found = fates.get(accepted.id());
            FateRecord fate = found != null ? found : new FateRecord(accepted.createdAt());
            if (found == null) { // history off: only a message with a ttl has a fate // history off: the fate of a message with a ttl is kept for its ttl
                fates.put(accepted.id(), fate);
                budget.add(new MessageItem(new StoredMessage(accepted.message(), accepted.createdAt()), tokens, List.of(),
                        fate, accepted.createdAt() + config.ttl().toMillis()));
            }
            for (String token : report.online()) {
                if (!report.awaitsAck(token)) {
                    fate.states.put(token, Fate.State.DELIVERED);
                } else if (fate.states.get(token) != Fate.State.DELIVERED) { // not acked before this settle
                    fate.states.put(token, Fate.State.PENDING);
                    if (queue) {
                        queued.add(token);
                    }
                }
            }
            List<String> absent = new ArrayList<>(report.offline());
            absent.addAll(report.undetermined());
            for (String token : absent) {
                fate.states.put(token, queue ? Fate.State.PENDING : Fate.State.OFFLINE);
                if (queue) {
                    queued.add(token);
                }
            }
            if (queue && !queued.isEmpty()) {
                fate.expiresAt = now + ttl.toMillis();
                StoredMessage m = new StoredMessage(accepted.message(), accepted.createdAt());
                budget.add(inboxes.put(m, queued, fate.expiresAt));
            }
            trim(now);
        }
        return CompletableFuture.completedFuture(new Settled(queued, true));
    }

    @Override
    public CompletableFuture<Recovery> since(String token, String lastId, int limit) {
        long now = clock.getAsLong();
        MessageId id = null;
        if (lastId != null) {
            Optional<MessageId> parsed = MessageId.parse(lastId);
            if (parsed.isEmpty()) {
                return CompletableFuture.completedFuture(Recovery.invalid("not a message id"));
            }
            id = parsed.get();
            if (!id.epoch().equals(epoch)) {
                return CompletableFuture.completedFuture(Recovery.notRecoverable("the id is from a history this node no longer has"));
            }
            if (id.seq() > seq.get()) {
                return CompletableFuture.completedFuture(Recovery.invalid("no message has this id yet"));
            }
        }
        if (!config.enabled()) {
            return CompletableFuture.completedFuture(Recovery.notRecoverable("history is off (HISTORY_SIZE=0)"));
        }
        synchronized (this) {
            long horizon = now - config.ttl().toMillis();
            TokenLog log = logs.get(token);
            if (log != null) {
                evictedByAge(log.expire(horizon));
            }
            evictedByAge(broadcasts.expire(horizon));
            return CompletableFuture.completedFuture(RecoveryRule.answer(id, log, broadcasts, limit));
        }
    }

    private void evictedByAge(int n) {
        for (int i = 0; i < n; i++) {
            metrics.historyEvicted("ttl");
        }
    }

    @Override
    public CompletableFuture<List<StoredMessage>> takeInbox(String token) {
        return inbox(token, true);
    }

    @Override
    public CompletableFuture<List<StoredMessage>> inbox(String token) {
        return inbox(token, false);
    }

    private CompletableFuture<List<StoredMessage>> inbox(String token, boolean take) {
        long now = clock.getAsLong();
        List<StoredMessage> out;
        synchronized (this) {
            out = take ? inboxes.take(token, now) : inboxes.peek(token, now);
        }
        return CompletableFuture.completedFuture(out); // counted as inbox deliveries where they are sent
    }

    @Override
    public void delivered(String id, String token) {
        synchronized (this) {
            FateRecord fate = fates.get(id);
            if (fate != null) {
                fate.states.put(token, Fate.State.DELIVERED);
            }
            inboxes.remove(token, id);
        }
    }

    @Override
    public void mobile(String id, Map<String, Fate.Mobile> states) {
        synchronized (this) {
            FateRecord fate = fates.get(id);
            if (fate != null) {
                states.forEach((token, state) -> {
                    if (state != Fate.Mobile.QUEUED || !fate.mobile.containsKey(token)) {
                        fate.mobile.put(token, state);
                    }
                });
            }
        }
    }

    @Override
    public CompletableFuture<Optional<Fate>> fate(String id) {
        long now = clock.getAsLong();
        synchronized (this) {
            trim(now);
            FateRecord fate = fates.get(id);
            return CompletableFuture.completedFuture(Optional.ofNullable(fate).map(f -> f.view(id, now)));
        }
    }

    @Override
    public synchronized Held held() {
        return new Held(budget.count(), budget.bytes());
    }

    private void trim(long now) {
        int early = budget.trim(now);
        for (int i = 0; i < early; i++) {
            metrics.historyEvicted("bytes");
        }
    }

    @Override
    public void close() {
        // Nothing outside this process.
    }

    /** One message's entries: in the token logs (or the broadcasts'), and its fate. */
    private final class MessageItem implements MemoryBudget.Item {
        private final StoredMessage message;
        private final List<TokenLog> held;
        private final List<String> tokens;
        private final FateRecord fate;
        private final long expiresAt;
        private final long bytes;

        MessageItem(StoredMessage message, List<String> tokens, List<TokenLog> held, FateRecord fate, long expiresAt) {
            this.message = message;
            this.tokens = tokens;
            this.held = held;
            this.fate = fate;
            this.expiresAt = expiresAt;
            this.bytes = message.message().sizeBytes() + 96L * Math.max(1, tokens.size());
        }

        @Override
        public long expiresAt() {
            // a fate with a ttl stays one history TTL past it, so that "expired" can be read
            return fate.expiresAt == 0 ? expiresAt : Math.max(expiresAt, fate.expiresAt + config.ttl().toMillis());
        }

        @Override
        public long bytes() {
            return bytes;
        }

        @Override
        public void release(boolean early) {
            for (int i = 0; i < held.size(); i++) {
                TokenLog log = held.get(i);
                log.evict(message);
                if (log != broadcasts && log.isEmpty()) {
                    logs.remove(tokens.get(i), log);
                }
            }
            fates.remove(message.id(), fate);
        }
    }

}
