package org.pushserver.mobile.apns;

import com.eatthepath.pushy.apns.server.RejectionReason;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.pushserver.config.check.InvalidConfigException;
import org.pushserver.config.mobile.ApnsConfig;
import org.pushserver.mobile.Device;
import org.pushserver.mobile.MobilePush;
import org.pushserver.mobile.Notification;
import org.pushserver.mobile.Platform;
import org.pushserver.mobile.SendResult.Outcome;
import org.pushserver.mobile.SendResult;
import org.pushserver.testing.ApnsMockServer;
import org.pushserver.testing.ResourceExtension;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ApnsProvider against Pushy's mock APNs (TLS, HTTP/2, token auth checked against the key's public half). */
class ApnsProviderTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension @Order(1)
    static final ResourceExtension<ApnsMockServer> apns = ResourceExtension.of(ApnsMockServer::start);
    @RegisterExtension @Order(2)
    static final ResourceExtension<ApnsProvider> provider = ResourceExtension.of(() -> new ApnsProvider(apns.get().config()));

    @Test
    void aPushArrivesWithItsTopicPayloadCollapseIdAndExpiration() throws Exception {
        String token = apns.get().deviceToken();
        ObjectNode data = JSON.createObjectNode().put("orderId", "o-9").put("count", 3);
        Notification n = new Notification("Hello", "You have mail", data, 4, "ping.aiff", "inbox", Map.of());

        long before = Instant.now().plusSeconds(3600).getEpochSecond();
        assertEquals(Outcome.SENT, send(token, new MobilePush("m-1", n, Duration.ofHours(1))).outcome());

        ApnsMockServer.Received got = apns.get().accepted(token).get(0);
        assertEquals(ApnsMockServer.TOPIC, got.headers().get("apns-topic"));
        assertEquals("inbox", got.headers().get("apns-collapse-id"));
        assertEquals("alert", got.headers().get("apns-push-type"));
        assertEquals("10", got.headers().get("apns-priority"));
        long expiration = Long.parseLong(got.headers().get("apns-expiration"));
        assertTrue(expiration >= before - 1 && expiration <= before + 60, "expiration from the ttl: " + expiration);
        assertEquals(JSON.readTree("{\"aps\":{\"alert\":{\"title\":\"Hello\",\"body\":\"You have mail\"},\"badge\":4,"
                + "\"sound\":\"ping.aiff\"},\"orderId\":\"o-9\",\"count\":3,\"messageId\":\"m-1\"}"), got.payload());
    }

    @Test
    void theApnsOverrideSetsHeadersAndMergesIntoThePayload() throws Exception {
        String token = apns.get().deviceToken();
        ObjectNode override = (ObjectNode) JSON.readTree("{\"headers\":{\"apns-priority\":\"5\",\"apns-push-type\":\"background\","
                + "\"apns-expiration\":\"0\"},\"payload\":{\"aps\":{\"content-available\":1}},\"aps\":{\"sound\":\"other.aiff\"}}");
        Notification n = new Notification("T", "B", null, null, "ping.aiff", null, Map.of(Platform.APNS, override));

        assertEquals(Outcome.SENT, send(token, new MobilePush("m-2", n, Duration.ofHours(1))).outcome());

        ApnsMockServer.Received got = apns.get().accepted(token).get(0);
        assertEquals("5", got.headers().get("apns-priority"));
        assertEquals("background", got.headers().get("apns-push-type"));
        assertEquals("0", got.headers().get("apns-expiration"));
        assertNull(got.headers().get("apns-collapse-id"));
        JsonNode aps = got.payload().get("aps");
        assertEquals(1, aps.get("content-available").asInt());
        assertEquals("other.aiff", aps.get("sound").asText());
        assertEquals("T", aps.get("alert").get("title").asText(), "the merge keeps what the override does not name");
    }

    @Test
    void aZeroTtlIsDeliverNowOrNever() throws Exception {
        String token = apns.get().deviceToken();
        assertEquals(Outcome.SENT, send(token, push("m-3", Duration.ZERO)).outcome());
        assertEquals("0", apns.get().accepted(token).get(0).headers().get("apns-expiration"));
    }

    @Test
    void aMalformedDeviceTokenIsGone() throws Exception {
        SendResult result = send("not-a-device-token", push("m-4", Duration.ofMinutes(5)));
        assertEquals(new SendResult(Outcome.GONE, null, "BadDeviceToken"), result);
    }

    @Test
    void anUnregisteredDeviceIsGone() throws Exception {
        String token = apns.get().deviceToken();
        apns.get().unregister(token);
        assertEquals(new SendResult(Outcome.GONE, null, "Unregistered"), send(token, push("m-5", Duration.ofMinutes(5))));
    }

    @Test
    void aDeviceOfAnotherAppIsGone() throws Exception {
        String stranger = "ab".repeat(32); // well-formed, but never issued for this topic
        assertEquals(new SendResult(Outcome.GONE, null, "DeviceTokenNotForTopic"), send(stranger, push("m-6", Duration.ofMinutes(5))));
    }

    @Test
    void tooManyRequestsIsRetryAndTheNextAttemptIsSent() throws Exception {
        String token = apns.get().deviceToken();
        apns.get().failNext(token, RejectionReason.TOO_MANY_REQUESTS, RejectionReason.SERVICE_UNAVAILABLE);
        assertEquals(new SendResult(Outcome.RETRY, null, "TooManyRequests"), send(token, push("m-7", Duration.ofMinutes(5))));
        assertEquals(new SendResult(Outcome.RETRY, null, "ServiceUnavailable"), send(token, push("m-7", Duration.ofMinutes(5))));
        assertEquals(Outcome.SENT, send(token, push("m-7", Duration.ofMinutes(5))).outcome());
        assertEquals(1, apns.get().accepted(token).size());
    }

    @Test
    void aPayloadApnsRefusesFailsAndKeepsTheDevice() throws Exception {
        String token = apns.get().deviceToken();
        ObjectNode big = JSON.createObjectNode().put("blob", "x".repeat(5000)); // over APNs' 4 KB
        Notification n = new Notification("T", "B", big, null, null, null, Map.of());
        assertEquals(new SendResult(Outcome.FAILED, null, "413 PayloadTooLarge"), send(token, new MobilePush("m-8", n, Duration.ZERO)));
    }

    @Test
    void anOverrideHeaderApnsWouldRefuseFailsWithoutSending() throws Exception {
        String token = apns.get().deviceToken();
        ObjectNode override = (ObjectNode) JSON.readTree("{\"headers\":{\"apns-priority\":\"urgent\"}}");
        Notification n = new Notification("T", "B", null, null, null, null, Map.of(Platform.APNS, override));
        SendResult result = send(token, new MobilePush("m-9", n, Duration.ZERO));
        assertEquals(Outcome.FAILED, result.outcome());
        assertTrue(result.reason().contains("apns-priority"), result.reason());
        assertTrue(apns.get().received().stream().noneMatch(r -> r.deviceToken().equals(token)));
    }

    @Test
    void aServerThatCannotBeReachedIsRetry() throws Exception {
        ApnsConfig config = apns.get().config();
        int closedPort;
        try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = free.getLocalPort();
        }
        ApnsConfig down = new ApnsConfig(config.keyFile(), config.keyId(), config.teamId(), config.topic(), false,
                "127.0.0.1:" + closedPort, config.trustCertFile());
        try (ApnsProvider unreachable = new ApnsProvider(down)) {
            SendResult result = unreachable.send(device(apns.get().deviceToken()), push("m-10", Duration.ZERO))
                    .get(60, TimeUnit.SECONDS);
            assertEquals(Outcome.RETRY, result.outcome(), result.toString());
        }
    }

    @Test
    void aKeyFileThatDoesNotParseFailsNamingApnsKeyFile(@TempDir Path dir) throws IOException {
        Path notAKey = Files.writeString(dir.resolve("AuthKey.p8"), "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n");
        ApnsConfig config = apns.get().config();
        ApnsConfig bad = new ApnsConfig(notAKey, config.keyId(), config.teamId(), config.topic(), false, config.server(),
                config.trustCertFile());
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> new ApnsProvider(bad));
        assertTrue(e.getMessage().startsWith("APNS_KEY_FILE (--apns-key-file)"), e.getMessage());
    }

    private static SendResult send(String token, MobilePush push) throws Exception {
        return provider.get().send(device(token), push).get(60, TimeUnit.SECONDS);
    }

    private static Device device(String token) {
        return new Device("u-17", Platform.APNS, token, null, System.currentTimeMillis());
    }

    private static MobilePush push(String messageId, Duration ttl) {
        return new MobilePush(messageId, new Notification("Hi", "there", null, null, null, null, Map.of()), ttl);
    }
}
