package org.pushserver.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Sends a bounded number of requests, each with its own distinct value, from a few threads to a server on loopback,
 * and tallies the answers by status: for batteries that check what many distinct client values cost the server.
 * Bounded in count and in time; a request that fails counts under status -1.
 */
public final class Flood implements AutoCloseable {
    /** One request for distinct value {@code i}: returns the answer's status (or any code the caller wants to tally). */
    @FunctionalInterface
    public interface Step {
        int send(int i) throws Exception;
    }

    private static final int THREADS = 8;
    private final ExecutorService threads = Executors.newFixedThreadPool(THREADS);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    public Flood(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** Runs {@code step} for every i in [from, from + count) on {@value #THREADS} threads; the statuses seen, counted. */
    public Map<Integer, Integer> run(int from, int count, Duration timeout, Step step) throws Exception {
        Map<Integer, LongAdder> tally = new ConcurrentHashMap<>();
        AtomicInteger next = new AtomicInteger(from);
        int end = from + count;
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            workers.add(threads.submit(() -> {
                for (int i = next.getAndIncrement(); i < end && System.nanoTime() < deadline; i = next.getAndIncrement()) {
                    int status;
                    try {
                        status = step.send(i);
                    } catch (Exception e) {
                        status = -1;
                    }
                    tally.computeIfAbsent(status, s -> new LongAdder()).increment();
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get(timeout.toMillis() + 30_000, TimeUnit.MILLISECONDS);
        }
        if (next.get() < end) {
            throw new AssertionError("only " + (next.get() - from) + " of " + count + " sent within " + timeout);
        }
        Map<Integer, Integer> counts = new java.util.TreeMap<>();
        tally.forEach((status, n) -> counts.put(status, n.intValue()));
        return counts;
    }

    /** A request to {@code pathAndQuery} on the server, with {@code headers} as name, value pairs. */
    public HttpRequest.Builder request(String pathAndQuery, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery)).timeout(Duration.ofSeconds(10));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return b;
    }

    /** Sends {@code request}, reads the answer whole and returns its status. */
    public int status(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Sends {@code request} and returns the answer's body. */
    public String body(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
