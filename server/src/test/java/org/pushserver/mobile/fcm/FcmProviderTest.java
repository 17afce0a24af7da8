package org.pushserver.mobile.fcm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.pushserver.config.check.InvalidConfigException;
import org.pushserver.config.mobile.FcmConfig;
import org.pushserver.mobile.Device;
import org.pushserver.mobile.MobilePush;
import org.pushserver.mobile.Notification;
import org.pushserver.mobile.Platform;
import org.pushserver.mobile.SendResult.Outcome;
import org.pushserver.mobile.SendResult;
import org.pushserver.testing.FcmAnswer;
import org.pushserver.testing.FcmServer;
import org.pushserver.testing.ResourceExtension;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** FcmProvider against a local FCM: its token endpoint checks the signed assertion, its send endpoint the bearer. */
class FcmProviderTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension @Order(1)
    static final ResourceExtension<FcmServer> fcm = ResourceExtension.of(FcmServer::start);
    @RegisterExtension @Order(2)
    static final ResourceExtension<FcmProvider> provider = ResourceExtension.of(() -> new FcmProvider(fcm.get().config()));

    @Test
    void aPushArrivesAsTheExpectedMessageJson() throws Exception {
        String token = newToken();
        ObjectNode data = JSON.createObjectNode().put("orderId", "o-9").put("count", 3);
        Notification n = new Notification("Hello", "You have mail", data, 4, "ping", "inbox", Map.of());

        assertEquals(SendResult.sent(), send(token, new MobilePush("m-1", n, Duration.ofHours(1))));

        assertEquals(JSON.readTree("{\"message\":{\"token\":\"" + token + "\","
                + "\"notification\":{\"title\":\"Hello\",\"body\":\"You have mail\"},"
                + "\"data\":{\"orderId\":\"o-9\",\"count\":\"3\",\"messageId\":\"m-1\"},"
                + "\"android\":{\"collapse_key\":\"inbox\",\"ttl\":\"3600s\",\"notification\":{\"sound\":\"ping\"}},"
                + "\"apns\":{\"payload\":{\"aps\":{\"badge\":4,\"sound\":\"ping\"}}}}}"),
                fcm.get().received(token).get(0).message());
    }

    @Test
    void theAccessTokenIsFetchedOnceAndReused() throws Exception {
        String token = newToken();
        int before = fcm.get().tokenRequests();
        try (FcmProvider fresh = new FcmProvider(fcm.get().config())) {
            // three sends at once on an empty cache wait for the same fetch; two later ones use the cached token
            List<CompletableFuture<SendResult>> first = List.of(fresh.send(device(token), push("m-2.0")),
                    fresh.send(device(token), push("m-2.1")), fresh.send(device(token), push("m-2.2")));
            for (CompletableFuture<SendResult> f : first) {
                assertEquals(Outcome.SENT, f.get(60, TimeUnit.SECONDS).outcome());
            }
            for (int i = 3; i < 5; i++) {
                assertEquals(Outcome.SENT, fresh.send(device(token), push("m-2." + i)).get(60, TimeUnit.SECONDS).outcome());
            }
        }
        List<FcmServer.Received> got = fcm.get().received(token);
        assertEquals(5, got.size());
        assertEquals(1, got.stream().map(FcmServer.Received::bearer).distinct().count(), "one bearer for all");
        assertEquals(1, fcm.get().tokenRequests() - before, "one call to the token endpoint");
    }

    @Test
    void theFcmOverrideIsMergedButCannotRetargetTheMessage() throws Exception {
        String token = newToken();
        ObjectNode override = (ObjectNode) JSON.readTree("{\"android\":{\"priority\":\"high\",\"notification\":{\"channel_id\":\"news\"}},"
                + "\"token\":\"someone-else\",\"topic\":\"everyone\",\"fcm_options\":{\"analytics_label\":\"l1\"}}");
        Notification n = new Notification("T", "B", null, null, "ping", null, Map.of(Platform.FCM, override));

        assertEquals(Outcome.SENT, send(token, new MobilePush("m-3", n, Duration.ZERO)).outcome());

        var message = fcm.get().received(token).get(0).message().get("message");
        assertEquals(token, message.get("token").asText());
        assertFalse(message.has("topic"));
        assertEquals("high", message.at("/android/priority").asText());
        assertEquals("news", message.at("/android/notification/channel_id").asText());
        assertEquals("ping", message.at("/android/notification/sound").asText(), "the merge keeps what it does not name");
        assertEquals("0s", message.at("/android/ttl").asText());
        assertEquals("l1", message.at("/fcm_options/analytics_label").asText());
    }

    @Test
    void anUnregisteredDeviceIsGone() throws Exception {
        String token = newToken();
        fcm.get().unregister(token);
        assertEquals(new SendResult(Outcome.GONE, null, "404 UNREGISTERED"), send(token, push("m-4")));
    }

    @Test
    void aTokenFcmCallsInvalidIsGoneButAnotherInvalidArgumentFails() throws Exception {
        String token = newToken();
        fcm.get().failNext(token, FcmAnswer.invalidToken(),
                FcmAnswer.error(400, "INVALID_ARGUMENT", "Invalid data key", "INVALID_ARGUMENT", "message.data[0].key"));
        assertEquals(new SendResult(Outcome.GONE, null, "400 INVALID_ARGUMENT"), send(token, push("m-5")));
        assertEquals(new SendResult(Outcome.FAILED, null, "400 INVALID_ARGUMENT"), send(token, push("m-5")));
    }

    @Test
    void aNotFoundThatIsNotUnregisteredFailsAndKeepsTheDevice() throws Exception {
        String token = newToken();
        fcm.get().failNext(token, FcmAnswer.error(404, "NOT_FOUND", "Requested entity was not found.", null, null));
        assertEquals(new SendResult(Outcome.FAILED, null, "404 NOT_FOUND"), send(token, push("m-6")));
    }

    @Test
    void unavailableWithRetryAfterIsRetryAfterThatDelay() throws Exception {
        String token = newToken();
        fcm.get().failNext(token, FcmAnswer.unavailable(7));
        assertEquals(new SendResult(Outcome.RETRY, Duration.ofSeconds(7), "503 UNAVAILABLE"), send(token, push("m-7")));
        assertEquals(Outcome.SENT, send(token, push("m-7")).outcome());
    }

    @Test
    void aRetryAfterGivenAsAnHttpDateIsHonouredToo() throws Exception {
        String token = newToken();
        String in30s = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(30));
        FcmAnswer unavailable = FcmAnswer.unavailable(0);
        fcm.get().failNext(token, new FcmAnswer(503, unavailable.body(), Map.of("Retry-After", in30s)));
        SendResult result = send(token, push("m-7b"));
        assertEquals(Outcome.RETRY, result.outcome());
        assertTrue(result.retryAfter().toSeconds() >= 25 && result.retryAfter().toSeconds() <= 30, result.toString());
    }

    @Test
    void tooManyRequestsIsRetryAndForbiddenFails() throws Exception {
        String token = newToken();
        fcm.get().failNext(token, FcmAnswer.error(429, "RESOURCE_EXHAUSTED", "Quota exceeded.", "QUOTA_EXCEEDED", null),
                FcmAnswer.error(403, "PERMISSION_DENIED", "SenderId mismatch", "SENDER_ID_MISMATCH", null));
        assertEquals(new SendResult(Outcome.RETRY, null, "429 QUOTA_EXCEEDED"), send(token, push("m-8")));
        assertEquals(new SendResult(Outcome.FAILED, null, "403 SENDER_ID_MISMATCH"), send(token, push("m-8")));
    }

    @Test
    void aSendEndpointThatCannotBeReachedIsRetry() throws Exception {
        try (FcmProvider down = new FcmProvider(new FcmConfig(fcm.get().serviceAccountFile(),
                URI.create("http://127.0.0.1:" + closedPort())))) {
            SendResult result = down.send(device(newToken()), push("m-9")).get(60, TimeUnit.SECONDS);
            assertEquals(Outcome.RETRY, result.outcome(), result.toString());
        }
    }

    @Test
    void aTokenEndpointThatCannotBeReachedIsRetry(@TempDir Path dir) throws Exception {
        ObjectNode account = (ObjectNode) JSON.readTree(Files.readString(fcm.get().serviceAccountFile()));
        account.put("token_uri", "http://127.0.0.1:" + closedPort() + "/token");
        Path elsewhere = Files.writeString(dir.resolve("elsewhere.json"), account.toString());
        try (FcmProvider noTokens = new FcmProvider(new FcmConfig(elsewhere, URI.create(fcm.get().endpoint())))) {
            SendResult result = noTokens.send(device(newToken()), push("m-9b")).get(60, TimeUnit.SECONDS);
            assertEquals(Outcome.RETRY, result.outcome(), result.toString());
            assertTrue(result.reason().startsWith("token: "), result.reason());
        }
    }

    @Test
    void anAssertionSignedWithAnotherKeyIsRefusedAndTheSendFails(@TempDir Path dir) throws Exception {
        ObjectNode account = (ObjectNode) JSON.readTree(Files.readString(fcm.get().serviceAccountFile()));
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        byte[] otherKey = generator.generateKeyPair().getPrivate().getEncoded();
        account.put("private_key", "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(otherKey)
                + "\n-----END PRIVATE KEY-----\n");
        Path forged = Files.writeString(dir.resolve("forged.json"), account.toString());
        int refusedBefore = fcm.get().refusedAssertions().size();
        try (FcmProvider impostor = new FcmProvider(new FcmConfig(forged, URI.create(fcm.get().endpoint())))) {
            SendResult result = impostor.send(device(newToken()), push("m-10")).get(60, TimeUnit.SECONDS);
            assertEquals(Outcome.FAILED, result.outcome(), result.toString());
            assertTrue(result.reason().contains("invalid_grant"), result.reason());
        }
        assertEquals(List.of("signature"), fcm.get().refusedAssertions().subList(refusedBefore, refusedBefore + 1));
    }

    @Test
    void aServiceAccountFileThatDoesNotParseFailsNamingIt(@TempDir Path dir) throws Exception {
        Path notJson = Files.writeString(dir.resolve("service-account.json"), "{\"type\": \"service_account\", \"private_key\": 42");
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> new FcmProvider(new FcmConfig(notJson, URI.create(fcm.get().endpoint()))));
        assertTrue(e.getMessage().startsWith("FCM_SERVICE_ACCOUNT_FILE (--fcm-service-account-file)"), e.getMessage());
    }

    private static SendResult send(String token, MobilePush push) throws Exception {
        return provider.get().send(device(token), push).get(60, TimeUnit.SECONDS);
    }

    /** A loopback port nothing listens on (it was free a moment ago). */
    private static int closedPort() throws IOException {
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return free.getLocalPort();
        }
    }

    private static String newToken() {
        return "fcm-" + UUID.randomUUID();
    }

    private static Device device(String token) {
        return new Device("u-17", Platform.FCM, token, null, System.currentTimeMillis());
    }

    private static MobilePush push(String messageId) {
        return new MobilePush(messageId, new Notification("Hi", "there", null, null, null, null, Map.of()), Duration.ofMinutes(5));
    }
}
