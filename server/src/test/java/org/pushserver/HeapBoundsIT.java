package org.pushserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pushserver.auth.RequestSignature;
import org.pushserver.testing.Await;
import org.pushserver.testing.Flood;
import org.pushserver.testing.FrameSocket;
import org.pushserver.testing.ServerProcess;

import java.io.IOException;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Nothing keyed by what a client sends grows without bound: tens of thousands of distinct values through every
 * public route (keys, tokens, signatures, origins, header values, paths, Engine.IO sids, transports and versions,
 * logins and logouts over real websockets, ack ids) leave the heap after a full collection where it was. The jar runs
 * in its own process (production JVM flags, 300 + 200 ms heartbeat so sessions end quickly); its heap is read with
 * {@code jcmd} after a warm-up round of every route, then after each route's battery once its sessions are gone.
 * The table in docs/ARCHITECTURE.md ("What grows, and its bound") lists each structure these values could reach.
 */
class HeapBoundsIT {
    private static final int VALUES = Integer.getInteger("bounds.values", 20_000);
    private static final int WARM_UP = 2_000;
    /** What a route's battery may leave on the heap: 50 bytes per value would already show. */
    private static final long ROUTE_BOUND_BYTES = 1024 * 1024;
    /** History, inbox and fates of the pushed tokens: bounded by HISTORY_MAX_BYTES, its least value, full after the warm-up. */
    private static final long HISTORY_BUDGET = 1024 * 1024;
    private static final String KEY = "heap-bounds-api-key-0123456789";
    private static final String APP = "https://app.example";
    private static final Duration ROUTE_TIMEOUT = Duration.ofMinutes(3);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ServerProcess server;
    private static Flood flood;

    @BeforeAll
    static void start() throws IOException {
        server = ServerProcess.start(ServerProcess.PRODUCTION_JVM, "--ping-interval-ms", "300", "--ping-timeout-ms", "200",
                "--api-keys", KEY, "--cors-origins", APP, "--hmac-max-skew-ms", "1000", "--request-timeout-ms", "1000",
                "--history-max-bytes", Long.toString(HISTORY_BUDGET),
                // dropped sockets leave their sessions for recovery: bounded by count, which this keeps within the route bound
                "--recovery-max-sessions", "1000",
                "--logins-per-minute", "100000", "--max-login-failures", "1000");
        flood = new Flood(server.url());
    }

    @AfterAll
    static void stop() {
        if (flood != null) {
            flood.close();
        }
        server.close();
    }

    /** A battery: sends distinct value i through one route. */
    private interface Route {
        int send(int i) throws Exception;
    }

    /**
     * What is bounded by time rather than count is waited out before measuring: a valid signature is remembered for
     * HMAC_MAX_SKEW_MS (1 s here) past its second and swept once a second; netty-socketio's first-data timer keeps a
     * connection answered before its authorize handler (an Engine.IO 400, a 408) for REQUEST_TIMEOUT_MS (1 s here).
     */
    private static final Duration TIME_BOUNDS = Duration.ofSeconds(3);

    @Test
    void theHeapAfterGcStaysFlatWhateverDistinctValuesClientsSendThroughEveryRoute() throws Exception {
        Map<String, Route> routes = routes();
        for (Map.Entry<String, Route> route : routes.entrySet()) { // classes, JIT, pools, meters: all there before measuring
            flood.run(0, WARM_UP, ROUTE_TIMEOUT, route.getValue()::send);
        }
        long start = settledHeap();
        long before = start;
        Map<String, Long> classesBefore = server.classBytes();
        StringBuilder figures = new StringBuilder();
        for (Map.Entry<String, Route> route : routes.entrySet()) {
            Map<Integer, Integer> statuses = flood.run(1_000_000, VALUES, ROUTE_TIMEOUT, route.getValue()::send);
            long after = settledHeap();
            Map<String, Long> classesAfter = server.classBytes();
            String growth = ServerProcess.growth(classesBefore, classesAfter, 6);
            figures.append(String.format(Locale.ROOT, "%-30s %6d values %-36s heap %+8.1f KB%n%s%n", route.getKey(), VALUES,
                    statuses, (after - before) / 1024.0, ServerProcess.growth(classesBefore, classesAfter, 3)));
            assertTrue(after - before < ROUTE_BOUND_BYTES + HISTORY_BUDGET, route.getKey() + " left " + (after - before) / 1024
                    + " KB on the heap after " + VALUES + " distinct values; grown most:\n" + growth + "\n" + figures);
            before = after;
            classesBefore = classesAfter;
        }
        figures.append(String.format(Locale.ROOT, "heap after GC: %.1f MB at the start, %.1f MB at the end%n",
                start / 1048576.0, before / 1048576.0));
        System.out.print(figures);
        assertTrue(before - start < 2 * ROUTE_BOUND_BYTES + HISTORY_BUDGET, "all routes together grew the heap by "
                + (before - start) / 1024 + " KB\n" + figures);
        assertTrue(server.alive(), server.log());
    }

    private Map<String, Route> routes() {
        Map<String, Route> routes = new LinkedHashMap<>();
        routes.put("POST /api wrong bearer keys", i -> flood.status(flood.request("/api", "Authorization",
                "Bearer wrong-key-" + i + "-0123456789", "Content-Type", "application/json")
                .POST(BodyPublishers.ofString("{\"tokens\":[\"t" + i + "\"],\"data\":1}")).build()));
        routes.put("POST /api tokens, types", i -> flood.status(flood.request("/api", "Authorization", "Bearer " + KEY,
                "Content-Type", "application/json").POST(BodyPublishers.ofString("{\"tokens\":[\"t" + i + "\",\"u" + i
                + "\"],\"entityType\":\"type-" + i + "\",\"data\":{\"k" + i + "\":" + i + "}}")).build()));
        routes.put("POST /api signatures", i -> {
            String body = "{\"tokens\":[\"s" + i + "\"],\"data\":" + i + "}";
            String timestamp = Long.toString(System.currentTimeMillis() / 1000);
            String signature = i % 2 == 0 ? RequestSignature.sign(KEY, timestamp, body.getBytes(StandardCharsets.UTF_8))
                    : "sha256=" + String.format(Locale.ROOT, "%064x", i);
            return flood.status(flood.request("/api", "X-Timestamp", timestamp, "X-Signature", signature,
                    "Content-Type", "application/json").POST(BodyPublishers.ofString(body)).build());
        });
        routes.put("/api/online tokens", i -> i % 2 == 0
                ? flood.status(flood.request("/api/online?tokens=o" + i + ",p" + i, "Authorization", "Bearer " + KEY).GET().build())
                : flood.status(flood.request("/api/online", "Authorization", "Bearer " + KEY, "Content-Type",
                "application/json").POST(BodyPublishers.ofString("{\"tokens\":[\"o" + i + "\"]}")).build()));
        routes.put("/api/broadcast origins", i -> flood.status(flood.request("/api/broadcast", "Authorization",
                "Bearer " + KEY, "Origin", i % 2 == 0 ? APP : "https://site-" + i + ".example", "Content-Type",
                "application/json").POST(BodyPublishers.ofString("{\"entityType\":\"b" + i + "\",\"data\":" + i + "}")).build()));
        routes.put("/health headers, queries", i -> flood.status(flood.request(
                new String[] {"/health", "/health/live", "/health/ready", "/metrics"}[i % 4] + "?q" + i + "=" + i,
                "User-Agent", "agent-" + i, "X-Request-Id", UUID.randomUUID().toString(), "Origin", "https://o" + i + ".example")
                .GET().build()));
        routes.put("static and random paths", i -> flood.status(flood.request(
                new String[] {"/demo/f" + i + ".js", "/x" + i + "/" + UUID.randomUUID(), "/?v=" + i, "/demo/?v=" + i}[i % 4])
                .method(i % 8 == 1 ? "M" + i : "GET", BodyPublishers.noBody()).build()));
        routes.put("/socket.io polling handshakes", i -> flood.status(flood.request("/socket.io/?EIO=" + (i % 3 == 0 ? "3" : "4")
                + "&transport=polling&t=" + i, "Origin", APP, "User-Agent", "browser-" + i, "Cookie", "io=" + UUID.randomUUID())
                .GET().build()));
        routes.put("/socket.io unknown sids", i -> flood.status(flood.request("/socket.io/?EIO=4&transport=polling&sid="
                + (i % 2 == 0 ? UUID.randomUUID().toString() : "s" + i)).GET().build()));
        routes.put("/socket.io EIO, transports", i -> flood.status(flood.request("/socket.io/?" + (i % 2 == 0
                ? "EIO=" + i + "&transport=polling" : "EIO=4&transport=t" + i)).GET().build()));
        routes.put("/socket.io origins", i -> flood.status(flood.request("/socket.io/?EIO=4&transport=polling",
                "Origin", "https://evil-" + i + ".example").GET().build()));
        routes.put("websocket unknown sids", i -> {
            try (FrameSocket ws = FrameSocket.open(server.port(), "/socket.io/?EIO=4&transport=websocket&sid=" + UUID.randomUUID())) {
                return ws.read(Duration.ofSeconds(5)) == null ? 0 : 101;
            } catch (IOException refused) {
                return 400;
            }
        });
        routes.put("websockets, logins, ack ids", this::websocketLogins);
        return routes;
    }

    /**
     * One websocket per value: a handshake with a distinct query, a CONNECT to a namespace that does not exist, a
 * CONNECT, then logins with distinct tokens
     * and ack ids (a logout between them, or a move to the next token), a client ack and an unknown event with ack
     * ids the server never issued; then a 41 or a plain close.
     */
    private int websocketLogins(int i) throws Exception {
        String query = "/socket.io/?EIO=4&transport=websocket&v" + i + "=" + i;
        try (FrameSocket ws = FrameSocket.open(server.port(), query)) {
            read(ws, "0{");
            ws.text("40/ns" + i + ",");
            read(ws, "44/ns" + i + ","); // Invalid namespace: nothing created for it
            ws.text("40");
            read(ws, "40");
            for (int login = 0; login < 3; login++) {
                long ack = 700_000_000L * login + i; // ack ids stay within an int, as Socket.IO's do
                ws.text("42" + ack + "[\"user_login\",{\"tokenId\":\"login-" + i + "-" + login + "\"}]");
                read(ws, "43" + ack + "[{\"ok\":true");
                if (login == 1) {
                    ws.text("42[\"user_logout\"]");
                }
            }
            ws.text("43" + (i + 7) + "[\"nobody asked\"]");
            ws.text("42" + (i + 11) + "[\"no_such_event\",{\"x\":" + i + "}]");
            if (i % 2 == 0) {
                ws.text("41");
            }
            return 101;
        }
    }

    private static void read(FrameSocket ws, String prefix) throws IOException {
        for (int frames = 0; frames < 10; frames++) {
            FrameSocket.Frame frame = ws.read(Duration.ofSeconds(5));
            if (frame == null || frame.opcode() != FrameSocket.TEXT) {
                throw new IOException("expected " + prefix + ", got " + (frame == null ? "nothing" : "opcode " + frame.opcode()));
            }
            if (frame.text().startsWith(prefix)) {
                return;
            }
            if (frame.text().equals("2")) {
                ws.text("3");
            }
        }
        throw new IOException("expected " + prefix);
    }

    /** The heap after GC once every session of the battery is gone and the time bounds have passed. */
    private long settledHeap() throws Exception {
        Thread.sleep(TIME_BOUNDS.toMillis()); // their bound is time: wait it out (see TIME_BOUNDS)
        routes().get("POST /api signatures").send(0); // a valid signature: its hit sweeps the expired ones
        Await.await("every session closed and every token offline", Duration.ofSeconds(30), () -> {
            JsonNode health = health();
            return health.path("connections").asInt(-1) == 0 && health.path("tokensOnline").asInt(-1) == 0;
        });
        // live bytes from the class histogram (taken after a full GC), not the heap's "used": that also counts what the
        // server's own timers allocated since the GC, which moved it by megabytes between runs and is not retained
        return Math.min(liveBytes(), liveBytes());
    }

    private static long liveBytes() {
        return server.classBytes().values().stream().mapToLong(Long::longValue).sum();
    }

    private static JsonNode health() {
        try {
            return JSON.readTree(flood.body(flood.request("/health").GET().build()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
