package org.pushserver.mobile.webpush;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pushserver.mobile.Device;
import org.pushserver.mobile.MobilePush;
import org.pushserver.mobile.Notification;
import org.pushserver.mobile.Platform;
import org.pushserver.mobile.SendResult;
import org.pushserver.mobile.SendResult.Outcome;
import org.pushserver.mobile.WebPushSubscription;
import org.pushserver.testing.PushBrowser;
import org.pushserver.testing.VapidKeys;
import org.pushserver.testing.WebPushService;
import org.pushserver.testing.WebPushService.Answer;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Web Push provider against a local push service that checks VAPID and decrypts like a browser would. */
class WebPushProviderTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final VapidKeys vapid = VapidKeys.generate();
    private final WebPushService service = WebPushService.start();
    private final WebPushProvider provider = new WebPushProvider(vapid.config("127.0.0.1"));

    @AfterEach
    void close() {
        provider.close();
        service.close();
    }

    @Test
    void theBrowserDecryptsTheNotificationWithTheOverrideMergedIn() throws Exception {
        PushBrowser browser = service.subscribe();
        ObjectNode data = JSON.createObjectNode().put("chat", 42);
        ObjectNode override = JSON.createObjectNode().put("urgency", "high").put("icon", "/icon.png").put("title", "Web title");
        Notification n = new Notification("Hello", "A new message", data, 3, "ding", "chat-42", Map.of(Platform.WEBPUSH, override));

        SendResult result = send(browser.subscription(), new MobilePush("m-1", n, Duration.ofSeconds(60)));

        assertEquals(Outcome.SENT, result.outcome(), result.reason());
        WebPushService.Received got = service.awaitReceived(1, Duration.ofSeconds(10)).get(0);
        assertEquals(browser.subscription().p256dh(), JSON.readTree(browser.subscriptionJson()).path("keys").path("p256dh").asText());
        assertNull(got.problem());
        assertEquals(JSON.readTree("{\"title\":\"Web title\",\"body\":\"A new message\",\"data\":{\"chat\":42},\"badge\":3,"
                + "\"sound\":\"ding\",\"messageId\":\"m-1\",\"icon\":\"/icon.png\"}"), JSON.readTree(got.text()));
        assertEquals(vapid.publicKey(), got.vapidKey());
        assertEquals(VapidKeys.SUBJECT, got.claims().get("sub").asText());
        assertEquals("60", got.headers().getFirst("TTL"));
        assertEquals("high", got.headers().getFirst("Urgency"));
        assertEquals("chat-42", got.headers().getFirst("Topic"));
    }

    @Test
    void aCollapseKeyThatIsNoTopicIsHashedToThirtyTwoCharacters() throws Exception {
        String key = "conversation/with spaces and more than thirty-two characters";
        assertEquals(Outcome.SENT, send(service.subscribe().subscription(), push(key)).outcome());
        assertEquals(Outcome.SENT, send(service.subscribe().subscription(), push(key)).outcome());
        List<String> topics = service.received.stream().map(r -> r.headers().getFirst("Topic")).toList();
        assertTrue(topics.get(0).matches("[A-Za-z0-9_-]{32}"), topics.get(0));
        assertEquals(topics.get(0), topics.get(1), "the same key gives the same topic");
    }

    @Test
    void oneJwtServesEveryRequestToTheSameOrigin() throws Exception {
        send(service.subscribe().subscription(), push(null));
        send(service.subscribe().subscription(), push(null));
        List<String> authorizations = service.received.stream().map(r -> r.headers().getFirst("Authorization")).toList();
        assertEquals(2, authorizations.size());
        assertEquals(authorizations.get(0), authorizations.get(1));
        long exp = service.received.peek().claims().get("exp").asLong();
        long hours = Duration.ofSeconds(exp - System.currentTimeMillis() / 1000).toHours();
        assertTrue(hours >= 11 && hours <= 12, "exp about 12 h ahead, got " + hours + " h");
    }

    @Test
    void aGoneSubscriptionIsReportedGone() throws Exception {
        service.answerNext(Answer.of(410), Answer.of(404));
        assertEquals(Outcome.GONE, send(service.subscribe().subscription(), push(null)).outcome());
        assertEquals(Outcome.GONE, send(service.subscribe().subscription(), push(null)).outcome());
    }

    @Test
    void tooManyRequestsIsRetriedAfterTheServicesDelay() throws Exception {
        service.answerNext(Answer.of(429, "Retry-After", "7"), Answer.of(503));
        SendResult limited = send(service.subscribe().subscription(), push(null));
        assertEquals(new SendResult(Outcome.RETRY, Duration.ofSeconds(7), "HTTP 429"), limited);
        SendResult down = send(service.subscribe().subscription(), push(null));
        assertEquals(new SendResult(Outcome.RETRY, null, "HTTP 503"), down);
    }

    @Test
    void aRetryAfterDateIsHonouredToo() throws Exception {
        String in30s = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(30));
        service.answerNext(Answer.of(503, "Retry-After", in30s));
        SendResult result = send(service.subscribe().subscription(), push(null));
        assertEquals(Outcome.RETRY, result.outcome());
        assertTrue(result.retryAfter().toSeconds() > 15 && result.retryAfter().toSeconds() <= 30, result.toString());
    }

    @Test
    void refusalsThatAreNotTheDevicesFailWithoutRemovingIt() throws Exception {
        for (int status : new int[] {400, 401, 403, 413}) {
            service.answerNext(Answer.of(status));
            assertEquals(Outcome.FAILED, send(service.subscribe().subscription(), push(null)).outcome(), "HTTP " + status);
        }
    }

    @Test
    void aRedirectIsNotFollowed() throws Exception {
        PushBrowser elsewhere = service.subscribe();
        service.answerNext(Answer.of(307, "Location", elsewhere.endpoint()));
        assertEquals(Outcome.FAILED, send(service.subscribe().subscription(), push(null)).outcome());
        assertEquals(1, service.requests());
    }

    @Test
    void aPushServiceThatCannotBeReachedIsRetried() throws Exception {
        WebPushSubscription gone;
        try (WebPushService closed = WebPushService.start()) {
            gone = closed.subscribe().subscription();
        }
        SendResult result = send(gone, push(null));
        assertEquals(Outcome.RETRY, result.outcome(), result.reason());
    }

    @Test
    void anEndpointOutsideTheAllowedHostsGetsNoRequest() throws Exception {
        PushBrowser browser = service.subscribe();
        WebPushSubscription s = browser.subscription();
        try (WebPushProvider strict = new WebPushProvider(vapid.config("fcm.googleapis.com", "*.push.apple.com"))) {
            assertEquals(Outcome.FAILED, strict.send(device(s), push(null)).get(10, TimeUnit.SECONDS).outcome());
            String trick = s.endpoint().replace("http://", "http://fcm.googleapis.com@");
            SendResult tricked = strict.send(device(new WebPushSubscription(trick, s.p256dh(), s.auth())), push(null))
                    .get(10, TimeUnit.SECONDS);
            assertEquals(Outcome.FAILED, tricked.outcome());
        }
        assertEquals(0, service.requests());
    }

    @Test
    void aPushServiceOtherThanLoopbackMustBeHttps() throws Exception {
        try (WebPushProvider google = new WebPushProvider(vapid.config("fcm.googleapis.com"))) {
            WebPushSubscription s = service.subscribe().subscription();
            WebPushSubscription plain = new WebPushSubscription("http://fcm.googleapis.com/fcm/send/x", s.p256dh(), s.auth());
            SendResult result = google.send(device(plain), push(null)).get(10, TimeUnit.SECONDS);
            assertEquals(Outcome.FAILED, result.outcome());
            assertTrue(result.reason().contains("https"), result.reason());
        }
    }

    @Test
    void aPayloadTooLargeForOneRecordIsRefusedUnsent() throws Exception {
        ObjectNode data = JSON.createObjectNode().put("text", "x".repeat(WebPushProvider.MAX_PLAINTEXT_BYTES));
        Notification big = new Notification("t", "b", data, null, null, null, Map.of());
        SendResult result = send(service.subscribe().subscription(), new MobilePush("m-big", big, Duration.ofSeconds(60)));
        assertEquals(Outcome.FAILED, result.outcome());
        assertEquals(0, service.requests());
    }

    @Test
    void aPayloadThatJustFitsArrivesWhole() throws Exception {
        String prefix = "{\"title\":\"t\",\"body\":\"b\",\"data\":{\"text\":\"";
        String suffix = "\"},\"messageId\":\"m-fit\"}";
        int room = WebPushProvider.MAX_PLAINTEXT_BYTES - prefix.length() - suffix.length();
        ObjectNode data = JSON.createObjectNode().put("text", "y".repeat(room));
        Notification fits = new Notification("t", "b", data, null, null, null, Map.of());
        SendResult result = send(service.subscribe().subscription(), new MobilePush("m-fit", fits, Duration.ofSeconds(60)));
        assertEquals(Outcome.SENT, result.outcome(), result.reason());
        assertEquals(WebPushProvider.MAX_PLAINTEXT_BYTES, service.received.peek().plaintext().length);
    }

    @Test
    void aSubscriptionWithKeysOfTheWrongFormFailsUnsent() throws Exception {
        WebPushSubscription s = service.subscribe().subscription();
        WebPushSubscription bad = new WebPushSubscription(s.endpoint(), P256.base64url(new byte[65]), s.auth());
        assertEquals(Outcome.FAILED, send(bad, push(null)).outcome());
        WebPushSubscription shortAuth = new WebPushSubscription(s.endpoint(), s.p256dh(), P256.base64url(new byte[8]));
        assertEquals(Outcome.FAILED, send(shortAuth, push(null)).outcome());
        WebPushSubscription notBase64 = new WebPushSubscription(s.endpoint(), "not base64url!", s.auth());
        assertEquals(Outcome.FAILED, send(notBase64, push(null)).outcome());
        assertEquals(0, service.requests());
    }

    private SendResult send(WebPushSubscription subscription, MobilePush push) throws Exception {
        return provider.send(device(subscription), push).get(30, TimeUnit.SECONDS);
    }

    private static Device device(WebPushSubscription subscription) {
        return new Device("u-17", Platform.WEBPUSH, null, subscription, System.currentTimeMillis());
    }

    private static MobilePush push(String collapseKey) {
        return new MobilePush("m-" + System.nanoTime(), new Notification("Hi", "there", null, null, null, collapseKey, Map.of()),
                Duration.ofMinutes(5));
    }
}
