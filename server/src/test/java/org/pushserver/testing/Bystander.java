package org.pushserver.testing;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A healthy, logged-in client kept beside a battery of bad input: every {@code periodMs} it is pushed a numbered
 * message through {@code /api} and {@code /health} is asked, from one background thread. At the end every push sent
 * must have arrived, in order, and every probe must have been answered 200.
 */
public final class Bystander implements AutoCloseable {
    private static final String ENTITY = "bystander-heartbeat";

    private final ServerHttp server;
    private final SocketClient client;
    private final String token = "bystander-" + UUID.randomUUID();
    private final String[] headers;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "bystander"));
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicInteger healthOk = new AtomicInteger();
    private final List<String> failures = new ArrayList<>();
    private int received;

    private Bystander(ServerHttp server, String transport, long periodMs, String[] headers) {
        this.server = server;
        this.headers = headers.clone();
        this.client = SocketClient.connectOver(server.url(), transport);
        JsonNode ack = client.loginAs(token);
        if (!ack.path("ok").asBoolean()) {
            throw new AssertionError("bystander login refused: " + ack);
        }
        timer.scheduleAtFixedRate(this::tick, 0, periodMs, TimeUnit.MILLISECONDS);
    }

    /**
     * Connects over {@code transport} ("websocket", "polling" or "default"), logs in and starts the heartbeat;
     * {@code headers} (name, value pairs, e.g. the API key) go with each push.
     */
    public static Bystander start(ServerHttp server, String transport, long periodMs, String... headers) {
        return new Bystander(server, transport, periodMs, headers);
    }

    private void tick() {
        try {
            int seq = sent.get();
            HttpResponse<String> push = server.post("/api", "{\"tokens\":[\"" + token + "\"],\"entityType\":\"" + ENTITY
                    + "\",\"data\":{\"seq\":" + seq + "}}", headers);
            if (push.statusCode() == 200 && push.body().contains("\"sockets\":1")) {
                sent.incrementAndGet(); // only what was written to the socket is awaited
            } else {
                fail("push " + seq + " answered " + push.statusCode() + " " + push.body());
                if (push.body().contains("\"sockets\":1")) {
                    sent.incrementAndGet();
                }
            }
            HttpResponse<String> health = server.get("/health");
            if (health.statusCode() == 200) {
                healthOk.incrementAndGet();
            } else {
                fail("/health answered " + health.statusCode());
            }
            drain();
        } catch (RuntimeException | AssertionError e) {
            fail(e.toString());
        }
    }

    /** Takes the messages that arrived (broadcasts from a battery arrive too and are skipped). */
    private void drain() {
        while (client.pending() > 0) {
            take(client.nextMessage());
        }
    }

    private void take(JsonNode message) {
        if (ENTITY.equals(message.path("entityType").asText())) {
            int seq = message.path("data").path("seq").asInt(-1);
            if (seq != received) {
                fail("push " + received + " expected, got " + seq);
            }
            received = seq + 1;
        }
    }

    private synchronized void fail(String what) {
        if (failures.size() < 20) {
            failures.add(what);
        }
    }

    /** Stops the heartbeat, waits for every push sent, and returns the figures; fails on any loss or error. */
    public String finish() throws InterruptedException {
        timer.shutdown();
        if (!timer.awaitTermination(15, TimeUnit.SECONDS)) {
            throw new AssertionError("the bystander's last tick did not end");
        }
        try {
            while (received < sent.get()) { // each wait is bounded by SocketClient.WAIT
                take(client.nextMessage());
            }
        } catch (AssertionError e) {
            synchronized (this) {
                throw new AssertionError(e.getMessage() + " (push " + received + " of " + sent.get() + "); the client saw: "
                        + failures, e);
            }
        }
        synchronized (this) {
            if (!failures.isEmpty()) {
                throw new AssertionError("the healthy client was not served throughout: " + failures);
            }
        }
        return "bystander: pushes sent " + sent.get() + " received " + received + ", /health ok " + healthOk.get();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        client.close();
    }
}
