package org.pushserver.cluster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.pushserver.testing.RedisProcess;
import org.pushserver.testing.RunningServer;
import org.pushserver.testing.SocketClient;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

import static org.pushserver.testing.Await.await;
import static org.pushserver.cluster.ClusterTesting.presence;
import static org.pushserver.cluster.ClusterTesting.pushBody;
import static org.pushserver.cluster.ClusterTesting.token;

/**
 * Rough figures for docs/CLUSTER.md, not a test of correctness: three nodes and Redis in one JVM on this machine,
 * one socket on node B; pushes posted to node A. Run with
 * {@code mvn -pl server verify -Dit.test=ClusterFiguresIT -Dcluster.figures=true}.
 */
@EnabledIfSystemProperty(named = "cluster.figures", matches = "true")
class ClusterFiguresIT {
    private static final int REQUESTS = Integer.getInteger("cluster.figures.requests", 3000);
    private static final int CONCURRENCY = Integer.getInteger("cluster.figures.concurrency", 16);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void measureCrossNodePushesAgainstLocalPushesAndTellingEveryNode() throws Exception {
        try (RedisProcess redis = RedisProcess.start()) {
            String prefix = ClusterTesting.prefix();
            String[] args = {"--redis-url", redis.url(), "--redis-prefix", prefix};
            RunningServer a = RunningServer.start(args);
            RunningServer b = RunningServer.start(args);
            RunningServer c = RunningServer.start(args);
            String onA = token();
            String onB = token();
            try (SocketClient clientA = SocketClient.connect(a.url(), "websocket");
                 SocketClient clientB = SocketClient.connect(b.url(), "websocket")) {
                clientA.loginAs(onA);
                clientB.loginAs(onB);
                await("presence", Duration.ofSeconds(5), () -> presence(a, onB) == 1);
                run("warm-up", a, "/api", pushBody("w", onB), REQUESTS / 3);
                System.out.println(run("local push (token on A, posted to A)        ", a, "/api", pushBody("x", onA), REQUESTS));
                System.out.println(run("cross-node push (token on B, posted to A)   ", a, "/api", pushBody("x", onB), REQUESTS));
                System.out.println(run("tell every node (/api/broadcast, 1 socket)   ", a, "/api/broadcast", "{\"entityType\":\"x\"}", REQUESTS));
            } finally {
                ClusterTesting.closeAll(a, b, c);
            }
        }
    }

    private static String run(String name, RunningServer node, String path, String body, int n) throws Exception {
        List<Long> micros = Collections.synchronizedList(new ArrayList<>());
        Semaphore window = new Semaphore(CONCURRENCY);
        List<CompletableFuture<?>> all = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            window.acquire();
            long t0 = System.nanoTime();
            HttpRequest r = HttpRequest.newBuilder(URI.create(node.url() + path)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            all.add(HTTP.sendAsync(r, HttpResponse.BodyHandlers.ofString()).whenComplete((resp, e) -> {
                window.release();
                if (e == null && resp.statusCode() == 200 && !resp.body().contains("clusterError")) {
                    micros.add((System.nanoTime() - t0) / 1000);
                }
            }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        double seconds = (System.nanoTime() - start) / 1e9;
        List<Long> sorted = new ArrayList<>(micros);
        Collections.sort(sorted);
        return String.format("%s %6.0f req/s  p50 %5.2f ms  p99 %6.2f ms  (%d ok of %d, %d in flight)", name, n / seconds,
                pct(sorted, 0.50) / 1000.0, pct(sorted, 0.99) / 1000.0, sorted.size(), n, CONCURRENCY);
    }

    private static long pct(List<Long> sorted, double p) {
        return sorted.isEmpty() ? 0 : sorted.get((int) Math.min(sorted.size() - 1, Math.round(p * (sorted.size() - 1))));
    }
}
