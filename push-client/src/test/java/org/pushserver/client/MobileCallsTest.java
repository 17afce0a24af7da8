package org.pushserver.client;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pushserver.testing.Await;
import org.pushserver.testing.PushBrowser;
import org.pushserver.testing.ServerExtension;
import org.pushserver.testing.VapidKeys;
import org.pushserver.testing.WebPushService;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The SDK's view of devices and of a notification's outcome, against a server sending real Web Push. */
class MobileCallsTest {
    private static final WebPushService pushService = WebPushService.start();

    @RegisterExtension
    static final ServerExtension server = ServerExtension.withArgs(() -> VapidKeys.generate().flags("127.0.0.1"));

    @AfterAll
    static void stopPushService() {
        pushService.close();
    }

    @Test
    void aRegisteredBrowserIsListedAndANotificationToItsOfflineTokenReadsSentInTheFate() throws Exception {
        String token = "sdk-" + UUID.randomUUID();
        PushBrowser browser = pushService.subscribe();
        assertEquals(200, server.post("/api/devices", "{\"tokenId\":\"" + token + "\",\"platform\":\"webpush\","
                + "\"subscription\":" + browser.subscriptionJson() + "}").statusCode());
        PushClient client = PushClient.builder().baseUrls(server.url() + "/").build();

        Devices devices = client.devices(token).get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(token, devices.tokenId());
        assertEquals(List.of("webpush"), devices.devices().stream().map(Devices.Device::platform).toList());
        assertEquals(browser.endpoint(), devices.devices().get(0).subscription().path("endpoint").asText());

        PushResult result = client.pushSync(Push.to(token).type("like").data(java.util.Map.of("n", 1))
                .notification(Notification.of("New like", "Ann liked your post")));
        Await.await("the notification's outcome leaves queued", Duration.ofSeconds(20), () -> {
            String state = client.message(result.id()).join().mobile().get(token);
            return state != null && !state.equals("queued");
        });
        MessageFate fate = client.message(result.id()).join();
        assertEquals("sent", fate.mobile().get(token));
        assertEquals("offline", fate.of(token));
    }
}
