package org.pushserver.history;

import org.pushserver.delivery.DeliveryReport;
import org.pushserver.delivery.PushMessage;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What the server remembers of each message: its id, each token's recent history, the offline inbox, and each
 * token's fate. One node keeps it in memory ({@link InMemoryHistory}), a cluster in Redis ({@code cluster.RedisHistory}).
 *
 * <p>The push path calls {@link #append} before delivering (so live sockets get the id) and {@link #settle} after
 * (so fates and the inbox know who was online). None of the futures fails: when the store cannot keep something, the
 * answer says so ({@code stored=false}, {@link Recovery.Outcome#NOT_RECOVERABLE}), and live delivery goes on.
 */
public interface MessageLog extends AutoCloseable {

    /** Whether pushes are kept per token ({@code HISTORY_SIZE > 0}). */
    boolean historyEnabled();

    /** Gives {@code message} its id and, with history on, keeps it for each of {@code tokens}. */
    CompletableFuture<Accepted> append(List<String> tokens, PushMessage message);

    /** Gives a broadcast its id and, with history on, keeps it once for every token (it is in every token's history). */
    CompletableFuture<Accepted> appendBroadcast(PushMessage message);

    /**
     * After delivery: records each token's fate from {@code report} and, when {@code ttl} is positive, queues the
     * message for each token that had no socket anywhere. A token reached only through sockets that ack
     * ({@link DeliveryReport#awaitingAck}) is {@code pending} until an ack ({@link #delivered}), and with a ttl it is
     * queued too, so that its next login gets the message again if no ack comes; one already acked stays delivered.
     * Completes with the tokens queued.
     */
    CompletableFuture<Settled> settle(Accepted accepted, List<String> tokens, DeliveryReport report, Duration ttl);

    /**
     * The messages of {@code token} (its own and broadcasts) after {@code lastId}, oldest first, at most {@code limit}:
     * either every message after it ({@link Recovery.Outcome#RECOVERED}, with {@code more} when the limit cut it),
     * or none ({@link Recovery.Outcome#NOT_RECOVERABLE} when history no longer reaches back that far or the store is
     * down, {@link Recovery.Outcome#INVALID} when {@code lastId} is malformed, unknown, or another token's).
     * A null {@code lastId} answers everything held, with {@code RECOVERED} only when nothing was dropped yet.
     */
    CompletableFuture<Recovery> since(String token, String lastId, int limit);

    /**
     * Removes and returns the messages waiting for {@code token} whose ttl has not passed, oldest first. The login
     * code calls it once per login and, after writing each to a socket, calls {@link #delivered} and counts them
     * ({@code PushMetrics.inboxDelivered}): taking is not delivering.
     */
    CompletableFuture<List<StoredMessage>> takeInbox(String token);

    /**
     * The messages waiting for {@code token} whose ttl has not passed, oldest first, left in place: for a socket that
     * acks, whose acks ({@link #delivered}) take them out one by one, so what it does not ack waits for the next login.
     */
    CompletableFuture<List<StoredMessage>> inbox(String token);

    /**
     * Records that message {@code id} reached {@code token}: written to a socket, or acked when acks are on; and takes
     * it out of the token's inbox, so that it is not delivered again.
     */
    void delivered(String id, String token);

    /**
     * Records what became of message {@code id}'s notification to the devices of each token of {@code states}, next
     * to its socket fate, in one write. {@link Fate.Mobile#QUEUED} never replaces a state already recorded (a send may
     * finish before it is written). Nothing is recorded for a message without a fate (history off and no ttl), nor
     * when the store is down.
     */
    void mobile(String id, Map<String, Fate.Mobile> states);

    /** The fate of message {@code id} per token, or empty when unknown or no longer kept. */
    CompletableFuture<Optional<Fate>> fate(String id);

    /** What this node holds in memory now, for /metrics (zero when the store is elsewhere). */
    Held held();

    @Override
    void close();

    /**
     * Messages and bytes held in this process.
     *
     * @param messages history, inbox and fate entries held
     * @param bytes    their approximate size
     */
    record Held(long messages, long bytes) {
    }
}
