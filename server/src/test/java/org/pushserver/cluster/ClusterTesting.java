package org.pushserver.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.pushserver.testing.RunningServer;
import org.pushserver.testing.SocketClient;
import org.pushserver.testing.ClusterExtension;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Shared pieces of the cluster ITs: waiting on conditions, reading answers, looking into Redis. */
final class ClusterTesting {
    static final ObjectMapper JSON = new ObjectMapper();

    private ClusterTesting() {
    }

    static String token() {
        return "t-" + UUID.randomUUID();
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    static String pushBody(String entityType, String... tokens) {
        String list = List.of(tokens).stream().map(t -> "\"" + t + "\"").collect(Collectors.joining(","));
        return "{\"tokens\":[" + list + "],\"entityType\":\"" + entityType + "\",\"data\":{\"n\":1}}";
    }

    /** Only for ClusterFiguresIT (moving to bench/): the ITs get theirs from ClusterExtension. */
    static String prefix() {
        return "it" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Only for ClusterFiguresIT (moving to bench/): closes the nodes side by side, as ClusterExtension does. */
    static void closeAll(AutoCloseable... nodes) {
        List<Thread> threads = new java.util.ArrayList<>();
        for (AutoCloseable node : nodes) {
            if (node != null) {
                Thread t = new Thread(() -> {
                    try {
                        node.close();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                t.start();
                threads.add(t);
            }
        }
        for (Thread t : threads) {
            try {
                t.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Sockets of {@code token} across the cluster as {@code node} sees it, or -1 when it answers an error. */
    static int presence(RunningServer node, String token) {
        HttpResponse<String> r = node.get("/api/online?tokens=" + token);
        if (r.statusCode() != 200) {
            return -1;
        }
        return json(r).get("tokens").get(token).get("sockets").asInt();
    }

    /** A marker push to {@code token} through {@code node}: whatever arrived before it has arrived, nothing more is on its way. */
    static void assertNothingMoreThan(RunningServer node, SocketClient client, String token) {
        node.post("/api", pushBody("marker", token));
        assertEquals("marker", client.nextMessage().get("entityType").asText(), "an extra copy arrived before the marker");
    }

    /**
     * The keys of nodes and presence: every key of the prefix but the message history ({@code h:}), first answers
     * ({@code idem:}) and saved sessions ({@code session:}), which belong to no node and leave by their TTL.
     */
    static List<String> nodeKeys(ClusterExtension cluster) {
        String tag = "{" + cluster.prefix() + "}:";
        return keys(cluster).stream().filter(k -> !k.startsWith(tag + "h:") && !k.startsWith(tag + "idem:")
                && !k.startsWith(tag + "session:")).toList();
    }

    /** Every key of a deployment's prefix, by SCAN. */
    static List<String> keys(ClusterExtension cluster) {
        return cluster.redisClient().getKeys().getKeysStreamByPattern("{" + cluster.prefix() + "}*").sorted().toList();
    }
}
