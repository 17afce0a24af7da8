package org.pushserver.testing;

import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Socket;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.json.JSONObject;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A real Java socket.io client (2.x line, Engine.IO v4) for tests: connect, log in, collect pushes. */
public final class SocketClient implements AutoCloseable {
    public static final Duration WAIT = Duration.ofSeconds(10);

    private final Socket socket;
    private static final ObjectMapper JSON = new ObjectMapper();
    private final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();

    private SocketClient(Socket socket) {
        this.socket = socket;
        socket.on("receive_message", args -> messages.add(parse(args[0])));
    }

    /** Connects to {@code url} with the given transports (none = default: polling, then upgrade) and waits. */
    public static SocketClient connect(String url, String... transports) {
        IO.Options options = IO.Options.builder().setReconnection(false).setForceNew(true)
                .setTransports(transports.length == 0 ? null : transports).build();
        Socket socket = IO.socket(URI.create(url), options);
        CompletableFuture<Void> connected = new CompletableFuture<>();
        socket.once(Socket.EVENT_CONNECT, args -> connected.complete(null));
        socket.once(Socket.EVENT_CONNECT_ERROR, args -> connected.completeExceptionally(new IllegalStateException("connect error: " + args[0])));
        socket.connect();
        await(connected);
        return new SocketClient(socket);
    }

    /** Emits {@code user_login} with {@code payload} (a Map is sent as a JSON object) and returns the server's ack. */
    public JsonNode login(Object payload) {
        return emitWithAck("user_login", payload instanceof Map<?, ?> map ? new JSONObject(map) : payload);
    }

    /** Logs in the way existing pages do: {@code {tokenId, userId, socketId}}. */
    public JsonNode loginAs(Object tokenId) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("tokenId", tokenId);
        payload.put("userId", 7);
        payload.put("socketId", "s");
        return login(payload);
    }

    public JsonNode logout() {
        return emitWithAck("user_logout", new JSONObject());
    }

    private JsonNode emitWithAck(String event, Object payload) {
        CompletableFuture<JsonNode> ack = new CompletableFuture<>();
        socket.emit(event, new Object[] {payload}, (Ack) args -> ack.complete(parse(args[0])));
        return await(ack);
    }

    private static JsonNode parse(Object value) {
        try {
            return JSON.readTree(String.valueOf(value));
        } catch (Exception e) {
            throw new IllegalStateException("not JSON: " + value, e);
        }
    }

    /** The next pushed message, or an assertion error after {@link #WAIT}. */
    public JsonNode nextMessage() {
        try {
            JsonNode m = messages.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (m == null) {
                throw new AssertionError("no receive_message within " + WAIT);
            }
            return m;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Messages received and not yet taken. */
    public int pending() {
        return messages.size();
    }

    public boolean connected() {
        return socket.connected();
    }

    public Socket raw() {
        return socket;
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("socket.io client: " + e, e);
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
