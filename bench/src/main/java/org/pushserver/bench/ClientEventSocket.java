package org.pushserver.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * One Socket.IO v5 socket over the JDK's own websocket (Engine.IO v4, no polling), just enough for the client-event
 * benchmark: it answers pings, connects the default namespace, logs in as {@code token}, and hands on every ack
 * ({@code 43<id>[…]}) and {@code receive_message} frame. Sends are chained, as the JDK allows one at a time.
 */
final class ClientEventSocket implements WebSocket.Listener {
    private final String token;
    private final BiConsumer<Long, String> onAck;
    private final Consumer<String> onMessage;
    private final CompletableFuture<Void> loggedIn = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private CompletableFuture<WebSocket> sending;

    private ClientEventSocket(String token, BiConsumer<Long, String> onAck, Consumer<String> onMessage) {
        this.token = token;
        this.onAck = onAck;
        this.onMessage = onMessage;
    }

    /** Connects to {@code url} (http://host:port) and logs in; the future completes once the login is acked. */
    static CompletableFuture<ClientEventSocket> open(HttpClient http, String url, String token,
                                                     BiConsumer<Long, String> onAck, Consumer<String> onMessage) {
        ClientEventSocket socket = new ClientEventSocket(token, onAck, onMessage);
        URI uri = URI.create(url.replaceFirst("^http", "ws") + "/socket.io/?EIO=4&transport=websocket");
        return http.newWebSocketBuilder().buildAsync(uri, socket).thenCompose(ws -> {
            synchronized (socket) {
                socket.sending = CompletableFuture.completedFuture(ws);
            }
            return socket.loggedIn.thenApply(v -> socket);
        });
    }

    /** Emits {@code event} with ack id {@code ackId} and the JSON {@code data}. */
    void emit(long ackId, String event, String dataJson) {
        send("42" + ackId + "[\"" + event + "\"," + dataJson + "]");
    }

    private synchronized void send(String frame) {
        sending = sending.thenCompose(ws -> ws.sendText(frame, true));
    }

    void close() {
        send("41");
        synchronized (this) {
            sending.thenCompose(ws -> ws.sendClose(WebSocket.NORMAL_CLOSURE, ""));
        }
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        synchronized (this) {
            sending = CompletableFuture.completedFuture(webSocket);
        }
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String frame = partial.toString();
            partial.setLength(0);
            frame(frame);
        }
        webSocket.request(1);
        return null;
    }

    private void frame(String frame) {
        if (frame.equals("2")) {
            send("3");
        } else if (frame.startsWith("0{")) {
            send("40");
        } else if (frame.startsWith("40")) {
            send("420[\"user_login\",{\"tokenId\":\"" + token + "\"}]");
        } else if (frame.startsWith("430[")) {
            loggedIn.complete(null);
        } else if (frame.startsWith("43")) {
            int bracket = frame.indexOf('[');
            onAck.accept(Long.parseLong(frame.substring(2, bracket)), frame.substring(bracket));
        } else if (frame.startsWith("42[\"receive_message\"")) {
            onMessage.accept(frame);
        } else if (frame.startsWith("44")) {
            loggedIn.completeExceptionally(new IllegalStateException("connect refused: " + frame));
        }
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        loggedIn.completeExceptionally(error);
    }
}
