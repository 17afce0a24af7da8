package org.pushserver.socket.guard;

import org.junit.jupiter.api.Test;
import org.pushserver.testing.FrameSocket;
import org.pushserver.testing.ServerProcess;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The slow-reader bound holds for resident memory, not only for the queue: one websocket that stops reading and
 * thousands of 20 KB pushes to it (and to a healthy reader, so the server keeps working) leave the resident memory of
 * the server's process (the jar, production JVM flags, default MAX_PENDING_BYTES 4 MiB) within {@link #RSS_BOUND} of
 * where it was after a warm-up. 5,000 pushes of 20 KB are ~100 MB: without the bound they would all wait in memory.
 * The bound and the figures are in docs/SECURITY.md (Limits).
 */
class SlowReaderMemoryIT {
    private static final int PUSHES = 5_000;
    private static final int WARM_UP = 1_000;
    private static final String DATA = "\"" + "z".repeat(20 * 1024) + "\"";
    /** MAX_PENDING_BYTES (4 MiB) for the stuck socket, Netty's pooled chunks and the JIT's code: documented bound. */
    private static final long RSS_BOUND = 48L * 1024 * 1024;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void onePausedWebsocketAndThousandsOf20KbPushesKeepResidentMemoryWithinItsBound() throws Exception {
        // history and inbox off, so the figure is the slow reader's alone (they add up to HISTORY_MAX_BYTES)
        try (ServerProcess server = ServerProcess.start(ServerProcess.PRODUCTION_JVM, "--history-size", "0", "--inbox-size", "1");
             FrameSocket healthy = loggedIn(server, "reader");
             Drain drain = new Drain(healthy)) {
            for (int i = 0; i < WARM_UP; i++) {
                push(server, "[\"reader\"]");
            }
            long baseline = server.rssBytes();
            long peak = baseline;
            String stuckAnswer;
            try (FrameSocket paused = loggedIn(server, "paused")) { // never read again: the client stopped reading
                for (int i = 0; i < PUSHES; i++) {
                    push(server, "[\"paused\",\"reader\"]");
                    if (i % 100 == 0) {
                        peak = Math.max(peak, server.rssBytes());
                    }
                }
                stuckAnswer = push(server, "[\"paused\"]");
            }
            org.pushserver.testing.Await.await("the healthy reader got every push", Duration.ofSeconds(30),
                    () -> drain.frames.get() >= WARM_UP + PUSHES);
            long end = server.rssBytes();
            peak = Math.max(peak, end);
            String figures = String.format(Locale.ROOT, "RSS after warm-up %.1f MB, peak during %d pushes of 20 KB %.1f MB "
                    + "(%+.1f MB), at the end %.1f MB; the healthy reader got %d frames, %.1f MB",
                    mb(baseline), PUSHES, mb(peak), mb(peak - baseline), mb(end), drain.frames.get(), mb(drain.bytes.get()));
            System.out.println(figures);
            assertTrue(stuckAnswer.contains("\"offline\":[\"paused\"]"), "the paused socket was not disconnected: " + stuckAnswer);
            assertTrue(peak - baseline < RSS_BOUND, figures);
        }
    }

    private static String push(ServerProcess server, String tokens) throws IOException, InterruptedException {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + "/api"))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString("{\"tokens\":" + tokens + ",\"entityType\":\"big\",\"data\":" + DATA + "}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new AssertionError("POST /api answered " + answer.statusCode() + ": " + answer.body());
        }
        return answer.body();
    }

    private static FrameSocket loggedIn(ServerProcess server, String token) throws IOException {
        FrameSocket ws = FrameSocket.open(server.port(), "/socket.io/?EIO=4&transport=websocket");
        ws.text("40");
        ws.text("421[\"user_login\",{\"tokenId\":\"" + token + "\"}]");
        for (int frames = 0; frames < 10; frames++) {
            FrameSocket.Frame frame = ws.read(Duration.ofSeconds(5));
            if (frame != null && frame.opcode() == FrameSocket.TEXT && frame.text().startsWith("431[{\"ok\":true")) {
                return ws;
            }
        }
        ws.close();
        throw new IOException("the login of " + token + " was not acknowledged");
    }

    /** Reads and counts every frame of a healthy client in the background, answering pings; stops on close. */
    private static final class Drain implements AutoCloseable {
        final AtomicLong frames = new AtomicLong();
        final AtomicLong bytes = new AtomicLong();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final CompletableFuture<Void> done;

        Drain(FrameSocket ws) {
            done = CompletableFuture.runAsync(() -> {
                try {
                    while (!stop.get()) {
                        FrameSocket.Frame frame = ws.read(Duration.ofMillis(200));
                        if (frame == null) {
                            continue;
                        }
                        if (frame.opcode() == FrameSocket.CLOSE) {
                            return;
                        }
                        if (frame.opcode() == FrameSocket.TEXT && frame.text().equals("2")) {
                            ws.text("3");
                        } else if (frame.opcode() == FrameSocket.TEXT && frame.payload().length > 1024) {
                            frames.incrementAndGet();
                            bytes.addAndGet(frame.payload().length);
                        }
                    }
                } catch (IOException e) {
                    // closed
                }
            });
        }

        @Override
        public void close() throws Exception {
            stop.set(true);
            done.get(10, TimeUnit.SECONDS);
        }
    }

    private static double mb(long bytes) {
        return bytes / 1048576.0;
    }
}
