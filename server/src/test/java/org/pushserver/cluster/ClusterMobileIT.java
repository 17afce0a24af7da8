package org.pushserver.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pushserver.testing.ApnsMockServer;
import org.pushserver.testing.Await;
import org.pushserver.testing.ClusterExtension;
import org.pushserver.testing.RunningServer;
import org.pushserver.testing.SocketClient;

import java.time.Duration;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Devices and the fallback in a 2-node cluster, with the real APNs provider against Pushy's mock APNs server (TLS,
 * HTTP/2, Apple's checks): the registry is shared through Redis, and {@code offline} skips a token whose socket is on
 * the other node while the phone of an offline token gets the same push.
 */
class ClusterMobileIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ApnsMockServer apns = startApns();

    @RegisterExtension
    static final ClusterExtension cluster = ClusterExtension.of(2, java.util.stream.Stream.concat(
            java.util.stream.Stream.of(apns.args()), java.util.stream.Stream.of("--max-devices-per-token", "2")).toArray(String[]::new));

    private static ApnsMockServer startApns() {
        try {
            return ApnsMockServer.start();
        } catch (Exception e) {
            throw new IllegalStateException("the mock APNs server did not start", e);
        }
    }

    @AfterAll
    static void stopApns() throws Exception {
        apns.close();
    }

    private static String register(RunningServer node, String token) {
        String deviceToken = apns.deviceToken();
        assertEquals(200, node.post("/api/devices", "{\"tokenId\":\"" + token + "\",\"platform\":\"apns\",\"deviceToken\":\""
                + deviceToken + "\"}").statusCode());
        return deviceToken;
    }

    @Test
    void aDeviceRegisteredOnOneNodeIsListedOnTheOther() throws Exception {
        String token = "c-" + UUID.randomUUID();
        String deviceToken = register(cluster.node(0), token);
        JsonNode listed = JSON.readTree(cluster.node(1).get("/api/devices?token=" + token).body());
        assertEquals(deviceToken, listed.get("devices").get(0).get("deviceToken").asText(), listed.toString());
        assertTrue(cluster.redisClient().getKeys().countExists("{" + cluster.prefix() + "}:dev:" + token) == 1,
                "kept in Redis under the prefix's hash tag");
    }

    @Test
    void theSharedRegistryKeepsEachTokensNewestDevicesWhicheverNodeRegisteredThem() throws Exception {
        String token = "l-" + UUID.randomUUID();
        String first = register(cluster.node(0), token);
        String second = register(cluster.node(1), token);
        assertEquals(200, cluster.node(1).post("/api/devices", "{\"tokenId\":\"" + token
                + "\",\"platform\":\"apns\",\"deviceToken\":\"" + first + "\"}").statusCode()); // again: now the newest
        String third = register(cluster.node(0), token);
        JsonNode listed = JSON.readTree(cluster.node(1).get("/api/devices?token=" + token).body()).get("devices");
        assertEquals(2, listed.size(), listed.toString());
        assertEquals(first, listed.get(0).get("deviceToken").asText(), "the oldest, " + second + ", was dropped: " + listed);
        assertEquals(third, listed.get(1).get("deviceToken").asText());
        String order = "order:" + token; // a token whose keys could have met the first one's
        register(cluster.node(0), order);
        assertEquals(2, JSON.readTree(cluster.node(0).get("/api/devices?token=" + token).body()).get("devices").size());
        assertEquals(1, JSON.readTree(cluster.node(0).get("/api/devices?token=" + order).body()).get("devices").size());
    }

    @Test
    void offlineSkipsATokenWithASocketOnTheOtherNodeAndReachesTheOfflinePhone() throws Exception {
        RunningServer a = cluster.node(0);
        RunningServer b = cluster.node(1);
        String online = "on-" + UUID.randomUUID();
        String offline = "off-" + UUID.randomUUID();
        String onlinePhone = register(b, online);
        String offlinePhone = register(a, offline);
        try (SocketClient socket = SocketClient.connect(b.url())) {
            socket.loginAs(online);
            Await.await("node A sees the socket on node B", Duration.ofSeconds(10), () ->
                    a.get("/api/online?tokens=" + online).body().contains("\"online\":true"));
            JsonNode answer = JSON.readTree(a.post("/api", "{\"tokens\":[\"" + online + "\",\"" + offline + "\"],"
                    + "\"entityType\":\"chat\",\"notification\":{\"title\":\"Hi\",\"body\":\"new message\",\"collapseKey\":\"chat-7\"}}").body());
            assertEquals(1, answer.get("sockets").asInt(), answer.toString());
            assertEquals(1, answer.get("devices").asInt(), answer.toString());
            assertEquals("chat", socket.nextMessage().get("entityType").asText());

            String id = answer.get("id").asText();
            JsonNode[] fate = new JsonNode[1];
            Await.await("the offline phone's send is recorded", Duration.ofSeconds(20), () -> {
                fate[0] = json(b.get("/api/messages/" + id).body());
                return fate[0].path("mobile").path(offline).asText().equals("sent");
            });
            assertEquals("delivered", fate[0].get("tokens").get(online).asText(), fate[0].toString());
            assertTrue(fate[0].get("mobile").path(online).isMissingNode(), fate[0].toString());
            assertEquals(1, apns.accepted(offlinePhone).size());
            ApnsMockServer.Received got = apns.accepted(offlinePhone).get(0);
            assertEquals(ApnsMockServer.TOPIC, got.headers().get("apns-topic"));
            assertEquals("chat-7", got.headers().get("apns-collapse-id"));
            assertEquals("Hi", got.payload().get("aps").get("alert").get("title").asText(), got.payload().toString());
            assertEquals(0, apns.accepted(onlinePhone).size(), "offline mode: the token with a socket gets no notification");
        }
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new IllegalStateException(body, e);
        }
    }
}
