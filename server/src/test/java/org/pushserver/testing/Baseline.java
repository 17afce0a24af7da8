package org.pushserver.testing;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The server's footprint around a battery: measured once the server is warm, then, after the battery, awaited back
 * (sessions, online tokens, and TCP connections within {@link #TCP_SLACK}) and compared (heap within
 * {@link #HEAP_TOLERANCE_BYTES}). Counts the WARN and ERROR log events while it watches; an ERROR logged during the
 * battery fails it. Prints one line with both figures.
 */
public final class Baseline implements AutoCloseable {
    /** How much more heap may be in use after the battery: allocator caches and JIT data, not per-request leftovers. */
    public static final long HEAP_TOLERANCE_BYTES = 16L * 1024 * 1024;
    /**
     * TCP connections the bystanders and the shared test HTTP client may hold beyond the baseline: a polling client
     * and a pooled HTTP client open and close connections as they go. A leak over thousands of cases shows far above.
     */
    public static final int TCP_SLACK = 3;
    private static final Duration SETTLE = Duration.ofSeconds(20);

    private final String name;
    private final ServerHttp server;
    private final ErrorLog log;
    private Footprint before;

    private Baseline(String name, ServerHttp server) {
        this.name = name;
        this.server = server;
        this.log = ErrorLog.attach();
    }

    /** Starts counting log events for the battery {@code name} on {@code server}. */
    public static Baseline watch(String name, ServerHttp server) {
        return new Baseline(name, server);
    }

    /**
     * Takes the baseline once the server holds no more than {@code sessions} Socket.IO sessions (the bystanders'):
     * call when the server is warm, after a warm-up's own sessions have expired.
     */
    public Footprint measure(int sessions) {
        try {
            Await.await("only the " + sessions + " sessions of the bystanders before the baseline", SETTLE,
                    () -> Footprint.of(server).sessions() <= sessions);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + ": " + Footprint.of(server) + " " + connections(), e);
        }
        before = Footprint.of(server);
        return before;
    }

    /**
     * Awaits sessions and connections back to the baseline, then compares the heap; prints the line
     * {@code battery <name>: heap before X MB after Y MB, …} followed by {@code bystander}, and fails on a difference
     * or on ERRORs logged.
     */
    public void checkReturned(String bystander) {
        if (before == null) {
            throw new IllegalStateException("measure(sessions) first");
        }
        Footprint[] last = {null};
        try {
            Await.await("sessions and connections back to the baseline", SETTLE, () -> {
                Footprint now = last[0] = Footprint.of(server);
                return now.sessions() <= before.sessions() && now.tokensOnline() <= before.tokensOnline()
                        && now.tcpConnections() <= before.tcpConnections() + TCP_SLACK;
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + ": before " + before + ", still " + last[0] + " " + connections(), e);
        }
        Footprint after = Footprint.of(server);
        System.out.println(String.format(Locale.ROOT, "battery %s: heap before %.1f MB after %.1f MB (tolerance +%d MB); "
                        + "sessions %d -> %d, tokens online %d -> %d, tcp connections %d -> %d; %s; log errors %s, warnings %s",
                name, before.heapMb(), after.heapMb(), HEAP_TOLERANCE_BYTES >> 20, before.sessions(), after.sessions(),
                before.tokensOnline(), after.tokensOnline(), before.tcpConnections(), after.tcpConnections(), bystander,
                log.errors(), log.warnings()));
        if (after.heapBytes() > before.heapBytes() + HEAP_TOLERANCE_BYTES) {
            throw new AssertionError("heap did not return to its baseline: before " + before + ", after " + after);
        }
        Map<String, Integer> errors = log.errors();
        if (!errors.isEmpty()) {
            throw new AssertionError("bad input was logged as ERROR: " + errors + "; samples " + log.samples());
        }
    }

    /** The server's connection gauges by transport and protocol, to say which sessions stayed. */
    private List<String> connections() {
        return server.get("/metrics").body().lines().filter(l -> l.startsWith("pushserver_connections{")).toList();
    }

    @Override
    public void close() {
        log.close();
    }
}
