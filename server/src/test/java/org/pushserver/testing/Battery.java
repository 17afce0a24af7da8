package org.pushserver.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs numbered cases of bad input on a few threads, bounded both in count and in time: case {@code i} draws from its
 * own {@link Mutations} (derived from the seed and {@code i}), so any case can be replayed alone. Outcomes (an HTTP
 * status, "close", "ack"…) are counted; a case that breaks a rule reports a failure, of which the first few are kept.
 */
public final class Battery {
    /** One case: draws its input from {@code m}, sends it, and reports its outcome or a failure to {@code tally}. */
    public interface Case {
        void run(int index, Mutations m, Tally tally) throws Exception;
    }

    /** Outcome counts and failures, shared by the workers. */
    public static final class Tally {
        private final Map<String, Integer> outcomes = new TreeMap<>();
        private final Map<String, Integer> byKind = new TreeMap<>();
        private final List<String> failures = new ArrayList<>();
        private int failureCount;

        /** Counts {@code outcome} (e.g. "400"), and {@code kind + " " + outcome} for the breakdown. */
        public synchronized void outcome(String kind, String outcome) {
            outcomes.merge(outcome, 1, Integer::sum);
            byKind.merge(kind + " " + outcome, 1, Integer::sum);
        }

        /** Outcomes by kind of case, e.g. {@code form 400=120}. */
        public synchronized Map<String, Integer> byKind() {
            return new TreeMap<>(byKind);
        }

        public synchronized void fail(int index, String what) {
            failureCount++;
            if (failures.size() < 15) {
                failures.add("case " + index + ": " + what);
            }
        }

        public synchronized Map<String, Integer> outcomes() {
            return new TreeMap<>(outcomes);
        }

        public synchronized List<String> failures() {
            return List.copyOf(failures);
        }

        public synchronized int failureCount() {
            return failureCount;
        }
    }

    /** What a run did: cases tried of those planned, whether the time bound stopped it, how long it took. */
    public record Result(String name, long seed, int tried, int planned, boolean stoppedByTime, Duration took, Tally tally) {
        /** The summary line, e.g. {@code battery api: 3000 cases in 21.4 s, statuses {200=412, 400=2301}}. */
        public String summary(String outcomesLabel) {
            return String.format("battery %s: %d cases in %.1f s%s, %s %s, failures %d (seed %d)", name, tried,
                    took.toMillis() / 1000.0, stoppedByTime ? " (stopped by the time bound, " + planned + " planned)" : "",
                    outcomesLabel, tally.outcomes(), tally.failureCount(), seed);
        }

        /** The first failures, one per line, or nothing. */
        public String failures() {
            return tally.failures().isEmpty() ? "" : "  " + String.join("\n  ", tally.failures());
        }

        /** Fails listing the first failures, with how to replay them. */
        public void assertNoFailures() {
            if (tally.failureCount() > 0) {
                throw new AssertionError(tally.failureCount() + " of " + tried + " cases broke the rules (replay with -Dbattery.seed="
                        + seed + "):\n" + failures());
            }
        }
    }

    private Battery() {
    }

    /**
     * Runs cases {@code 0..planned-1} on {@code workers} threads until all are done or {@code bound} has passed;
     * with {@code -Dbattery.case=N}, only case N (to replay one, with its battery's {@code -Dbattery.seed}).
     */
    public static Result run(String name, long seed, int planned, Duration bound, int workers, Case body) throws Exception {
        Tally tally = new Tally();
        Integer only = Integer.getInteger("battery.case");
        if (only != null) {
            body.run(only, forCase(seed, only), tally);
            return new Result(name, seed, 1, 1, false, Duration.ZERO, tally);
        }
        AtomicInteger next = new AtomicInteger();
        AtomicInteger tried = new AtomicInteger();
        long start = System.nanoTime();
        long deadline = start + bound.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> new Thread(r, "battery-" + name));
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                running.add(pool.submit(() -> {
                    for (int i; System.nanoTime() < deadline && (i = next.getAndIncrement()) < planned; ) {
                        try {
                            body.run(i, forCase(seed, i), tally);
                        } catch (Exception | AssertionError e) {
                            tally.fail(i, "threw " + e);
                        }
                        tried.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> worker : running) {
                worker.get(bound.toMillis() + 60_000, TimeUnit.MILLISECONDS); // a case's own reads are bounded too
            }
        } finally {
            pool.shutdownNow();
        }
        return new Result(name, seed, tried.get(), planned, tried.get() < planned, Duration.ofNanos(System.nanoTime() - start), tally);
    }

    /** The generator of case {@code index} of the battery seeded {@code seed}. */
    public static Mutations forCase(long seed, int index) {
        return new Mutations(seed * 0x9E3779B97F4A7C15L + index);
    }
}
