package org.pushserver.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pushserver.testing.ClusterExtension;
import org.pushserver.testing.RunningServer;
import org.pushserver.testing.SocketClient;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pushserver.testing.Await.await;
import static org.pushserver.cluster.ClusterTesting.json;
import static org.pushserver.cluster.ClusterTesting.presence;
import static org.pushserver.cluster.ClusterTesting.pushBody;
import static org.pushserver.cluster.ClusterTesting.token;

/** A node killed without a goodbye (SIGKILL): its sockets leave presence within NODE_TTL_MS, the others serve on. */
class ClusterNodeDeathIT {
    private static final long NODE_TTL_MS = 3000;
    @RegisterExtension
    static final ClusterExtension cluster = ClusterExtension.of(1, "--node-ttl-ms", Long.toString(NODE_TTL_MS),
            "--redis-timeout-ms", "1000");
    private static RunningServer a;

    @BeforeAll
    static void names() {
        a = cluster.node(0);
    }

    @Test
    void aKilledNodesSocketsLeavePresenceWithinNodeTtlAndItsKeysAreReaped() throws Exception {
        Set<String> before = aliveKeys();
        int port = freePort();
        Path log = Files.createTempFile("push-node-", ".log");
        List<String> command = new ArrayList<>(List.of(javaBin(), "-jar", jar(), "--host", "127.0.0.1", "--port", Integer.toString(port)));
        command.addAll(List.of(cluster.nodeArgs())); // the same Redis, prefix and flags as A
        Process victim = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            String url = "http://127.0.0.1:" + port;
            await("the separate node is ready", Duration.ofSeconds(30), () -> status(url + "/health/ready") == 200);
            Set<String> added = aliveKeys();
            added.removeAll(before);
            assertEquals(1, added.size(), "the new node's alive key");
            String victimId = added.iterator().next().substring(added.iterator().next().lastIndexOf(':') + 1);

            String k = token();
            String l = token();
            try (SocketClient onVictim = SocketClient.connect(url); SocketClient onA = SocketClient.connect(a.url())) {
                onVictim.loginAs(k);
                onA.loginAs(l);
                await("A sees the socket on the other node", Duration.ofSeconds(5), () -> presence(a, k) == 1);

                victim.destroyForcibly(); // SIGKILL: no goodbye
                assertTrue(victim.waitFor(10, TimeUnit.SECONDS));
                long killed = System.nanoTime();

                long start = System.nanoTime();
                HttpResponse<String> meanwhile = a.post("/api", pushBody("during", k, l));
                assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 1500, "bounded by REDIS_TIMEOUT_MS");
                assertEquals(200, meanwhile.statusCode(), meanwhile.body());
                assertEquals("during", onA.nextMessage().get("entityType").asText(), "A serves its own sockets on");

                Duration gone = await("presence of the dead node's socket clears", Duration.ofMillis(NODE_TTL_MS + 2000),
                        () -> presence(a, k) == 0);
                long sinceKill = Duration.ofNanos(System.nanoTime() - killed).toMillis();
                assertTrue(sinceKill <= NODE_TTL_MS + 1000, "presence cleared " + sinceKill + " ms after the kill");
                System.out.println("presence of a killed node cleared after " + sinceKill + " ms (NODE_TTL_MS " + NODE_TTL_MS + ", waited " + gone.toMillis() + " ms)");

                JsonNode after = json(a.post("/api", pushBody("after", k, l)));
                assertEquals(List.of(k), texts(after.get("offline")), after.toString());
                assertNull(after.get("clusterError"), "no node is asked for a dead node's tokens");
                assertEquals("after", onA.nextMessage().get("entityType").asText());

                await("the reaper removed every key of the dead node", Duration.ofMillis(NODE_TTL_MS + 3000),
                        () -> ClusterTesting.nodeKeys(cluster).stream().noneMatch(key -> key.contains(victimId) || key.contains(k)));
                String aId = before.iterator().next().substring(before.iterator().next().lastIndexOf(':') + 1);
                String tag = "{" + cluster.prefix() + "}:";
                assertEquals(Set.of(tag + "alive:" + aId, tag + "nodes", tag + "tokens:" + aId, tag + "presence:" + l),
                        new HashSet<>(ClusterTesting.nodeKeys(cluster)), "only the live node's keys are left");
            }
        } finally {
            victim.destroyForcibly();
            victim.waitFor(10, TimeUnit.SECONDS);
            Files.deleteIfExists(log);
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static Set<String> aliveKeys() {
        return new HashSet<>(ClusterTesting.keys(cluster).stream().filter(k -> k.contains(":alive:")).toList());
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private static int status(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String jar() {
        String jar = System.getProperty("pushserver.jar", "target/push-server.jar");
        assertTrue(new File(jar).isFile(), "build the jar first (mvn package): " + jar);
        return jar;
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
