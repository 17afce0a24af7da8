package org.pushserver.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Request figures of a two-node cluster (docs/CLUSTER.md's table): one socket on node A ({@code --api-url}), one on
 * node B ({@code --url}), and {@code --requests} POSTs to A with {@code --posters} in flight for each of: a push to
 * the token on A, a push to the token on B (presence lookup, one message, one report), and a broadcast (a message
 * and a report per other node). Reports requests per second and the latency percentiles of the answers.
 */
final class ClusterFigures {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ClusterFigures() {
    }

    static Results run(Config cfg) throws InterruptedException {
        Results r = new Results();
        try (WsFleet onA = new WsFleet(cfg.apiUrl(), 1, new Tracker(1));
             WsFleet onB = new WsFleet(cfg.url, 1, new Tracker(1))) {
            int connected = onA.connectAll(1, i -> "figures-on-a", i -> 0, 1, 30_000).ok()
                    + onB.connectAll(1, i -> "figures-on-b", i -> 0, 1, 30_000).ok();
            r.put("connect_failed", 2 - connected);
            Thread.sleep(500); // presence of B's socket reaches Redis within one write; leave it a margin
            String api = cfg.apiUrl();
            measure(r, "warmup", api + "/api", push("figures-on-b"), Math.max(1, cfg.requests / 3), cfg.posters);
            measure(r, "local", api + "/api", push("figures-on-a"), cfg.requests, cfg.posters);
            measure(r, "cross_node", api + "/api", push("figures-on-b"), cfg.requests, cfg.posters);
            measure(r, "broadcast", api + "/api/broadcast", "{\"entityType\":\"figures\",\"data\":{}}", cfg.requests, cfg.posters);
        }
        r.notes.add("local: token on A, posted to A; cross_node: token on B, posted to A; broadcast: posted to A, "
                + cfg.posters + " requests in flight");
        return r;
    }

    private static String push(String token) {
        return "{\"tokens\":[\"" + token + "\"],\"entityType\":\"figures\",\"data\":{}}";
    }

    /** {@code n} POSTs of {@code body}, {@code inFlight} at a time; puts req/s, p50, p99 and the failures under {@code name}. */
    private static void measure(Results r, String name, String url, String body, int n, int inFlight) throws InterruptedException {
        long[] micros = new long[n];
        AtomicInteger ok = new AtomicInteger();
        Semaphore window = new Semaphore(inFlight);
        List<CompletableFuture<?>> all = new ArrayList<>(n);
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            window.acquire();
            long t0 = System.nanoTime();
            int slot = i;
            all.add(HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((resp, e) -> {
                window.release();
                if (e == null && resp.statusCode() == 200 && !resp.body().contains("clusterError")) {
                    micros[slot] = (System.nanoTime() - t0) / 1000;
                    ok.incrementAndGet();
                } else {
                    micros[slot] = -1;
                }
            }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] sorted = Arrays.stream(micros).filter(m -> m >= 0).sorted().toArray();
        r.put(name + ".req_per_s", n / seconds);
        r.put(name + ".p50_ms", percentile(sorted, 0.50) / 1000.0);
        r.put(name + ".p99_ms", percentile(sorted, 0.99) / 1000.0);
        r.put(name + ".failed", n - ok.get());
    }

    private static long percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.round(p * (sorted.length - 1)))];
    }
}
