package org.pushserver.webhook;

import org.junit.jupiter.api.Test;
import org.pushserver.testing.RunningServer;
import org.pushserver.testing.SocketClient;
import org.pushserver.testing.WebhookReceiver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pushserver.testing.Await.await;
import static org.pushserver.webhook.WebhooksIT.SECRET;
import static org.pushserver.webhook.WebhooksIT.WAIT;
import static org.pushserver.webhook.WebhooksIT.token;

/** A backend that fails: the batch is sent again, in order; retries and the queue are bounded; sockets are served. */
class WebhookDeliveryIT {

    private static RunningServer start(WebhookReceiver receiver, long maxRetryMs, String... more) {
        List<String> args = new ArrayList<>(List.of("--webhook-url", receiver.url(), "--webhook-secret", SECRET,
                "--webhook-offline-grace-ms", "300", "--webhook-batch-ms", "50", "--webhook-max-retry-ms", Long.toString(maxRetryMs),
                "--webhook-timeout-ms", "300"));
        args.addAll(List.of(more));
        return RunningServer.start(args.toArray(String[]::new));
    }

    @Test
    void aBackendThatAnswers500ThenGetsTheSameBatchAgainWithItsEventsInOrder() {
        try (WebhookReceiver receiver = WebhookReceiver.start(); RunningServer server = start(receiver, 2000)) {
            receiver.answerNext(500);
            List<String> tokens = List.of(token(), token(), token());
            List<SocketClient> clients = new ArrayList<>();
            try {
                for (String t : tokens) {
                    SocketClient c = SocketClient.connect(server.url());
                    clients.add(c);
                    c.loginAs(t);
                }
                List<String> expected = tokens.stream().map(t -> "token_online:" + t).toList();
                await("every online delivered", WAIT, () -> receiver.delivered().equals(expected));
            } finally {
                clients.forEach(SocketClient::close);
            }
            List<WebhookReceiver.Request> posts = receiver.requests();
            assertEquals(500, posts.get(0).answered());
            assertEquals(200, posts.get(1).answered());
            assertArrayEquals(posts.get(0).body(), posts.get(1).body(), "the same batch, byte for byte");
            assertTrue(WebhookReceiver.signedWith(posts.get(1), SECRET), "the retry is signed too");
            assertTrue(metric(server, "pushserver_webhook_events_total{outcome=\"retried\",reason=\"none\"}") >= posts.get(0).events().size());
            assertEquals(3, metric(server, "pushserver_webhook_events_total{outcome=\"delivered\",reason=\"none\"}"));
        }
    }

    @Test
    void aBackendThatHangsOrDropsTheConnectionGetsBoundedRetriesABoundedQueueAndTheSocketsAreServedMeanwhile() {
        int queueSize = 4;
        try (WebhookReceiver receiver = WebhookReceiver.start();
             RunningServer server = start(receiver, 3000, "--webhook-queue-size", Integer.toString(queueSize));
             SocketClient reader = SocketClient.connect(server.url())) {
            receiver.whenIdle(WebhookReceiver.HANG);
            String readerToken = token();
            reader.loginAs(readerToken);
            List<SocketClient> clients = new ArrayList<>();
            try {
                List<CompletableFuture<SocketClient>> connecting = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    connecting.add(CompletableFuture.supplyAsync(() -> SocketClient.connect(server.url())));
                }
                connecting.forEach(f -> clients.add(f.join()));
                // logins at once: more events than the queue holds while the first batch hangs
                clients.stream().map(c -> c.loginAsync(token())).toList().forEach(CompletableFuture::join);
                assertTrue(metric(server, "pushserver_webhook_queue") <= queueSize, "bounded queue");
                assertTrue(metric(server, "pushserver_webhook_events_total{outcome=\"dropped\",reason=\"queue_full\"}") > 0,
                        "beyond WEBHOOK_QUEUE_SIZE, dropped and counted");

                long start = System.nanoTime();
                aPushArrives(server, reader, readerToken);
                assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 5000, "a push is served while the backend hangs");

                await("the hung batch dropped after WEBHOOK_MAX_RETRY_MS", WAIT, () ->
                        metric(server, "pushserver_webhook_events_total{outcome=\"dropped\",reason=\"retries_exhausted\"}") > 0);
                assertTrue(receiver.requests().stream().allMatch(r -> r.answered() == WebhookReceiver.HANG));
                int firstBatchTries = (int) receiver.requests().stream()
                        .filter(r -> Arrays.equals(r.body(), receiver.requests().get(0).body())).count();
                assertTrue(firstBatchTries >= 2 && firstBatchTries <= 12, "bounded retries with backoff: " + firstBatchTries);

                receiver.whenIdle(WebhookReceiver.DROP); // the next batches meet a dropped connection
                int before = receiver.requests().size();
                await("dropped connections retried", WAIT, () -> receiver.requests().stream().skip(before)
                        .filter(r -> r.answered() == WebhookReceiver.DROP).count() >= 2);
                aPushArrives(server, reader, readerToken);

                receiver.whenIdle(200); // the backend is back: what is still queued arrives, new events too
                String late = token();
                SocketClient c = SocketClient.connect(server.url());
                clients.add(c);
                c.loginAs(late);
                await("a new event delivered once the backend answers", WAIT,
                        () -> receiver.delivered().contains("token_online:" + late));
            } finally {
                clients.forEach(SocketClient::close);
            }
        }
    }

    private static void aPushArrives(RunningServer server, SocketClient reader, String token) {
        server.push(List.of(token), "live", "{}");
        assertEquals("live", reader.nextMessage().get("entityType").asText());
    }

    static double metric(RunningServer server, String series) {
        String text = server.get("/metrics").body();
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
