package org.pushserver.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pushserver.testing.ClusterExtension;
import org.pushserver.testing.RunningServer;
import org.pushserver.testing.SocketClient;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pushserver.cluster.ClusterTesting.assertNothingMoreThan;
import static org.pushserver.testing.Await.await;
import static org.pushserver.cluster.ClusterTesting.json;
import static org.pushserver.cluster.ClusterTesting.presence;
import static org.pushserver.cluster.ClusterTesting.pushBody;
import static org.pushserver.cluster.ClusterTesting.token;

/** Three nodes on one Redis: pushes, broadcasts and presence across nodes, and what stays in Redis. */
class ClusterDeliveryIT {
    private static final Duration SOON = Duration.ofSeconds(5);
    @RegisterExtension
    static final ClusterExtension cluster = ClusterExtension.of(3, "--node-ttl-ms", "3000", "--redis-timeout-ms", "1000");
    private static RunningServer a;
    private static RunningServer b;
    private static RunningServer c;

    @BeforeAll
    static void names() {
        a = cluster.node(0);
        b = cluster.node(1);
        c = cluster.node(2);
    }

    @Test
    void aPushToOneNodeReachesEverySocketOfItsTokensOnEveryNodeExactlyOnce() {
        String x = token();
        String y = token();
        try (SocketClient xOnA = SocketClient.connect(a.url());
             SocketClient xOnB = SocketClient.connect(b.url(), "websocket");
             SocketClient xOnC = SocketClient.connect(c.url(), "polling");
             SocketClient yOnC = SocketClient.connect(c.url())) {
            xOnA.loginAs(x);
            xOnB.loginAs(x);
            xOnC.loginAs(x);
            yOnC.loginAs(y);
            await("A sees x's three sockets and y's one", SOON, () -> presence(a, x) == 3 && presence(a, y) == 1);

            HttpResponse<String> response = a.post("/api", pushBody("like", x, y, "nobody"));

            assertEquals(200, response.statusCode(), response.body());
            JsonNode body = json(response);
            assertEquals(0, body.get("responseCode").asInt());
            assertEquals(4, body.get("sockets").asInt(), "sockets across the three nodes");
            assertEquals(Set.of(x, y), texts(body.get("online")));
            assertEquals(Set.of("nobody"), texts(body.get("offline")));
            assertNull(body.get("undetermined"), "a complete report has no undetermined tokens");
            assertNull(body.get("clusterError"));
            for (SocketClient client : List.of(xOnA, xOnB, xOnC)) {
                assertEquals("like", client.nextMessage().get("entityType").asText());
                assertNothingMoreThan(a, client, x);
            }
            assertEquals("like", yOnC.nextMessage().get("entityType").asText());
            assertNothingMoreThan(b, yOnC, y);
        }
    }

    @Test
    void aLoginOnOneNodeShowsInThePresenceOfEveryOtherAtOnce() {
        String t = token();
        try (SocketClient onB = SocketClient.connect(b.url()); SocketClient onC = SocketClient.connect(c.url())) {
            assertEquals(0, presence(a, t));
            onB.loginAs(t);
            Duration seen = await("A and C see the login on B", Duration.ofSeconds(2), () -> presence(a, t) == 1 && presence(c, t) == 1);
            System.out.println("a login on B was visible on A and C after " + seen.toMillis() + " ms");

            onC.loginAs(t);
            await("two sockets on two nodes", SOON, () -> presence(a, t) == 2 && presence(b, t) == 2);
            HttpResponse<String> form = a.post("/api/online", "{\"tokens\":[\"" + t + "\",\"nobody\"]}");
            JsonNode tokens = json(form).get("tokens");
            assertTrue(tokens.get(t).get("online").asBoolean());
            assertEquals(2, tokens.get(t).get("sockets").asInt());
            assertFalse(tokens.get("nobody").get("online").asBoolean());

            onB.logout();
            await("the logout on B shows on A", SOON, () -> presence(a, t) == 1);
        }
        await("closed sockets leave presence everywhere", SOON, () -> presence(a, t) == 0 && presence(b, t) == 0 && presence(c, t) == 0);
    }

    @Test
    void aBroadcastReachesEveryLoggedInSocketOnEveryNodeOnce() {
        List<SocketClient> clients = new ArrayList<>();
        try (SocketClient anonymous = SocketClient.connect(b.url())) {
            for (RunningServer node : List.of(a, b, c)) {
                SocketClient client = SocketClient.connect(node.url());
                clients.add(client);
                client.loginAs(token());
            }
            HttpResponse<String> response = b.post("/api/broadcast", "{\"entityType\":\"news\",\"data\":{\"n\":2}}");

            assertEquals(200, response.statusCode(), response.body());
            assertTrue(json(response).get("sockets").asInt() >= 3, response.body());
            assertNull(json(response).get("clusterError"), response.body());
            for (SocketClient client : clients) {
                assertEquals("news", client.nextMessage().get("entityType").asText());
            }
            b.post("/api/broadcast", "{\"entityType\":\"marker\"}");
            for (SocketClient client : clients) {
                assertEquals("marker", client.nextMessage().get("entityType").asText(), "one broadcast, one copy");
            }
            assertEquals(0, anonymous.pending(), "a socket that did not log in gets no broadcast");
        } finally {
            clients.forEach(SocketClient::close);
        }
    }

    @Test
    void aDisconnectedSocketLeavesNoKeyBehind() {
        String t = token();
        try (SocketClient onC = SocketClient.connect(c.url())) {
            onC.loginAs(t);
            await("the login is in Redis", SOON, () -> keysMentioning(t).size() == 1);
        }
        await("no key names the token once its socket is gone", SOON, () -> keysMentioning(t).isEmpty() && presence(a, t) == 0);
    }

    @Test
    void aGracefullyStoppedNodeLeavesPresenceAtOnceAndLeavesNoKeyBehind() {
        Set<String> before = aliveKeys();
        RunningServer d = cluster.startNode();
        String t = token();
        SocketClient onD = SocketClient.connect(d.url());
        try {
            onD.loginAs(t);
            await("A sees the socket on D", SOON, () -> presence(a, t) == 1);
            Set<String> withD = aliveKeys();
            withD.removeAll(before);
            assertEquals(1, withD.size(), "D's alive key");
            String dId = withD.iterator().next().substring(withD.iterator().next().lastIndexOf(':') + 1);

            cluster.stopNode(d);

            assertEquals(0, presence(a, t), "presence is gone as soon as close() returns");
            assertEquals(List.of(), ClusterTesting.nodeKeys(cluster).stream()
                    .filter(k -> k.contains(dId) || k.contains(t)).toList(), "keys left by the stopped node");
        } finally {
            onD.close();
        }
    }

    private static Set<String> aliveKeys() {
        return ClusterTesting.keys(cluster).stream().filter(k -> k.contains(":alive:")).collect(Collectors.toSet());
    }

    private static List<String> keysMentioning(String token) {
        return ClusterTesting.nodeKeys(cluster).stream().filter(k -> k.contains(token)).toList();
    }

    private static Set<String> texts(JsonNode array) {
        Set<String> out = new java.util.HashSet<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
