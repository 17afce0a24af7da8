package org.pushserver.client;

import org.junit.jupiter.api.Test;
import org.pushserver.testing.Await;
import org.pushserver.testing.RunningServer;
import org.pushserver.testing.SocketClient;
import org.pushserver.testing.WebhookReceiver;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The server's real webhook POSTs (docs/WEBHOOKS.md) pass the SDK's verifier, as a backend would run it; a forgery does not. */
class ServerWebhooksVerifiedTest {
    private static final String SECRET = "sdk-webhook-secret-0123456789abcdef";

    @Test
    void aWebhookPostedByTheServerIsVerifiedWithTheRotatedSecretsAndItsReplayIsRefused() throws Exception {
        String token = "sdk-" + UUID.randomUUID();
        try (WebhookReceiver receiver = WebhookReceiver.start();
             RunningServer server = RunningServer.start("--webhook-url", receiver.url(),
                     "--webhook-secret", SECRET, "--webhook-offline-grace-ms", "300", "--webhook-batch-ms", "50");
             SocketClient client = SocketClient.connect(server.url())) {
            client.loginAs(token);
            Await.await("token_online", Duration.ofSeconds(15), () -> receiver.eventsOf(token).contains("token_online:" + token));
            WebhookReceiver.Request post = receiver.requests().get(0);
            String ts = post.headers().get("x-push-timestamp");
            String sig = post.headers().get("x-push-signature");

            WebhookVerifier verifier = WebhookVerifier.builder().secrets(List.of("a-newer-secret-0123456789abcdef", SECRET))
                    .maxSkew(Duration.ofMinutes(5)).build();
            verifier.verify(ts, sig, post.body()); // what docs/WEBHOOKS.md tells a backend to run
            assertThrows(WebhookVerificationException.class, () -> verifier.verify(ts, sig, post.body()), "a replay");

            byte[] forged = post.body().clone();
            forged[forged.length - 2] ^= 1;
            WebhookVerifier fresh = WebhookVerifier.builder().secrets(List.of(SECRET)).maxSkew(Duration.ofMinutes(5)).build();
            assertThrows(WebhookVerificationException.class, () -> fresh.verify(ts, sig, forged), "a changed body");
            assertEquals("token_online", post.json().get("events").get(0).get("name").asText());
        }
    }
}
