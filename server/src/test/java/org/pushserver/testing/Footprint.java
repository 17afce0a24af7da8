package org.pushserver.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What a server in this JVM holds, to compare before and after a battery: heap used after full collections, its
 * Socket.IO sessions and online tokens (from {@code /health}), and the TCP connections established to its port
 * or closed only by the client (from {@code /proc/net/tcp*}, -1 where there is no such file).
 *
 * @param heapBytes      the least heap used seen over several {@code System.gc()} rounds
 * @param sessions       {@code /health} connections
 * @param tokensOnline   {@code /health} tokensOnline
 * @param tcpConnections TCP connections established (or in CLOSE_WAIT) whose local port is the server's
 */
public record Footprint(long heapBytes, int sessions, int tokensOnline, int tcpConnections) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int GC_ROUNDS = 5;

    /** Measures {@code server} now. */
    public static Footprint of(ServerHttp server) {
        JsonNode health;
        try {
            health = JSON.readTree(server.get("/health").body());
        } catch (IOException e) {
            throw new AssertionError("/health is not JSON", e);
        }
        return new Footprint(heapAfterGc(), health.path("connections").asInt(-1), health.path("tokensOnline").asInt(-1),
                tcpConnections(server.port()));
    }

    /** Heap used after collections: the least of several rounds, since one may leave garbage a later one takes. */
    public static long heapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long least = Long.MAX_VALUE;
        for (int i = 0; i < GC_ROUNDS; i++) {
            System.gc();
            least = Math.min(least, memory.getHeapMemoryUsage().getUsed());
        }
        return least;
    }

    /**
     * Connections to local port {@code port} that are established, or closed by the peer but not yet by the server
     * (CLOSE_WAIT: a server that never closes its side shows there). Both ends are in this JVM: this counts the
     * server's side only.
     */
    public static int tcpConnections(int port) {
        String local = String.format(Locale.ROOT, ":%04X", port);
        int n = 0;
        for (String file : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path path = Path.of(file);
            if (!Files.isReadable(path)) {
                return -1;
            }
            try {
                for (String line : Files.readAllLines(path)) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length > 3 && f[1].endsWith(local) && (f[3].equals("01") || f[3].equals("08"))) { // ESTABLISHED, CLOSE_WAIT
                        n++;
                    }
                }
            } catch (IOException e) {
                return -1;
            }
        }
        return n;
    }

    public double heapMb() {
        return heapBytes / (1024.0 * 1024.0);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "heap %.1f MB, sessions %d, tokens online %d, tcp connections %d",
                heapMb(), sessions, tokensOnline, tcpConnections);
    }
}
