package org.pushserver.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A websocket speaking Engine.IO v4 by hand, for what no well-behaved client sends: garbage frames, huge frames,
 * or a reader that stops reading ({@code autoRead=false} requests no frames after the handshake).
 */
public final class RawWebSocket implements AutoCloseable {
    private final WebSocket ws;
    private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();

    private RawWebSocket(String url, boolean autoRead) throws Exception {
        this.ws = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create(url), new WebSocket.Listener() {
                    private final StringBuilder partial = new StringBuilder();

                    @Override
                    public void onOpen(WebSocket webSocket) {
                        webSocket.request(autoRead ? 1 : 3); // handshake, CONNECT answer, login ack
                    }

                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            frames.add(partial.toString());
                            partial.setLength(0);
                        }
                        if (autoRead) {
                            webSocket.request(1);
                        }
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                        closed.complete(statusCode);
                        return null;
                    }

                    @Override
                    public void onError(WebSocket webSocket, Throwable error) {
                        closed.complete(-1);
                    }
                }).get(5, TimeUnit.SECONDS);
    }

    /** Opens an Engine.IO v4 websocket to {@code server}: the Engine.IO handshake only, no namespace joined yet. */
    public static RawWebSocket open(ServerHttp server) throws Exception {
        RawWebSocket socket = new RawWebSocket("ws://127.0.0.1:" + server.port() + "/socket.io/?EIO=4&transport=websocket", true);
        socket.expect("0{"); // Engine.IO open
        return socket;
    }

    /** Opens an Engine.IO v4 websocket to {@code server}, joins the default namespace and logs in as {@code token}. */
    public static RawWebSocket loggedIn(ServerHttp server, String token, boolean autoRead) throws Exception {
        RawWebSocket socket = new RawWebSocket("ws://127.0.0.1:" + server.port() + "/socket.io/?EIO=4&transport=websocket", autoRead);
        socket.expect("0{"); // Engine.IO open
        socket.send("40");
        socket.expect("40");
        socket.send("421[\"user_login\",{\"tokenId\":\"" + token + "\"}]");
        socket.expect("431[{\"ok\":true");
        return socket;
    }

    /** Opens an Engine.IO v4 websocket to {@code server} and logs in as {@code token} with {@code "acks": true}. */
    public static RawWebSocket loggedInWithAcks(ServerHttp server, String token) throws Exception {
        RawWebSocket socket = open(server);
        socket.send("40");
        socket.expect("40");
        socket.send("421[\"user_login\",{\"tokenId\":\"" + token + "\",\"acks\":true}]");
        socket.expect("431[{\"ok\":true");
        return socket;
    }

    private static final Pattern ACKED_PUSH =
            Pattern.compile("^42(\\d+)\\[\"receive_message\",\\{.*\"id\":\"([^\"]+)\"\\}\\]$");

    /** A {@code receive_message} that came with an ack id; {@code frame} is the whole text. */
    public record AckedPush(String ackId, String messageId, String frame) {
    }

    /** Waits for the next frame and checks it is a {@code receive_message} with an ack id and a message id. */
    public AckedPush ackedPush() throws InterruptedException {
        String frame = expect("42");
        Matcher m = ACKED_PUSH.matcher(frame);
        if (!m.matches()) {
            throw new AssertionError("expected a receive_message with an ack id and a message id, got " + frame);
        }
        return new AckedPush(m.group(1), m.group(2), frame);
    }

    /** Acks {@code push} as socket.io clients do: {@code 43<ackId>[]}. */
    public void ack(AckedPush push) {
        send("43" + push.ackId() + "[]");
    }

    public void send(String text) {
        ws.sendText(text, true).join();
    }

    /** Sends {@code text} unless the server has closed the connection already (as it may after bad input). */
    public void sendUnlessClosed(String text) {
        try {
            send(text);
        } catch (java.util.concurrent.CompletionException closed) {
            // closed by the server: what this was meant to provoke has happened
        }
    }

    /** Waits for the next frame and checks how it starts. */
    public String expect(String prefix) throws InterruptedException {
        String frame = frames.poll(10, TimeUnit.SECONDS);
        if (frame == null || !frame.startsWith(prefix)) {
            throw new AssertionError("expected a frame starting with " + prefix + ", got " + frame);
        }
        return frame;
    }

    /**
     * True when the server closed the connection within {@code timeout}. The JDK client does not always report a TCP
     * close that follows the last frame, so a harmless Engine.IO pong probes the connection every half second: a
     * connection the server closed makes the send fail.
     */
    public boolean closedWithin(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                closed.get(500, TimeUnit.MILLISECONDS);
                return true;
            } catch (TimeoutException e) {
                try {
                    ws.sendText("3", true).get(500, TimeUnit.MILLISECONDS);
                } catch (ExecutionException failed) {
                    return true;
                } catch (Exception slow) {
                    // no answer either way yet: wait on
                }
            } catch (Exception e) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        ws.abort();
    }
}
