package org.pushserver.idempotency;

import java.util.concurrent.CompletableFuture;

/**
 * The first answer to each {@code Idempotency-Key}, so that a retried publish gets that answer again and delivers
 * nothing: the first request {@link #claim claims} the key, answers, and {@link #remember remembers} its answer (or
 * {@link #forget forgets} the key when it failed, so a retry runs again). A request that finds the key claimed by a
 * request still running waits for its answer. One node keeps keys in memory ({@link InMemoryFirstAnswers}), a
 * cluster in Redis ({@code cluster.RedisFirstAnswers}).
 */
public interface FirstAnswers {

    /** Claims {@code key} for a request whose body hashes to {@code fingerprint}. Never fails. */
    CompletableFuture<Claim> claim(String key, String fingerprint);

    /** The claimed request answered {@code answer}: retries within the window get it. */
    void remember(String key, String fingerprint, Answer answer);

    /** The claimed request failed: the key is free again. */
    void forget(String key, String fingerprint);

    /**
     * An answer as it is replayed.
     *
     * @param status HTTP status
     * @param body   the JSON body
     */
    record Answer(int status, String body) {
    }

    /**
     * What {@link #claim} found.
     *
     * @param kind   what to do
     * @param answer the first answer, for {@link Kind#REPLAY}
     */
    record Claim(Kind kind, Answer answer) {
        public static final Claim FIRST = new Claim(Kind.FIRST, null);
        public static final Claim CONFLICT = new Claim(Kind.CONFLICT, null);
        public static final Claim IN_PROGRESS = new Claim(Kind.IN_PROGRESS, null);

        public static Claim replay(Answer answer) {
            return new Claim(Kind.REPLAY, answer);
        }
    }

    /** The outcomes of a claim. */
    enum Kind {
        /** The key is this request's: run it. */
        FIRST,
        /** The key was answered for the same request: answer this again. */
        REPLAY,
        /** The key was used for a different request. */
        CONFLICT,
        /** The first request with this key is still running and did not answer in time. */
        IN_PROGRESS
    }
}
