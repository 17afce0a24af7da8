package org.pushserver.testing;

import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Manager;
import io.socket.client.Socket;
import io.socket.engineio.client.Transport;
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

/**
 * A real Java socket.io client for tests: connect, log in, collect pushes, follow transport changes. One socket with
 * reconnection off, its pushes and transport changes in queues, every wait bounded by {@link #WAIT}.
 *
 * <p>Compiled against the 2.x line (Engine.IO v4), it also runs with 1.x (Engine.IO v3) on the classpath instead
 * (JavaClientV1IT, failsafe execution {@code java-client-v1}), so it uses only what both lines have: the public option
 * fields (1.x has no options builder), {@code emit} with an {@link Ack}, the manager's transport event.
 */
public final class SocketClient implements AutoCloseable {
    public static final Duration WAIT = Duration.ofSeconds(10);

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Socket socket;
    private final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> transports = new LinkedBlockingQueue<>();
    private volatile String transport;

    private SocketClient(Socket socket) {
        this.socket = socket;
        socket.on("receive_message", args -> messages.add(parse(args[0])));
        socket.io().on(Manager.EVENT_TRANSPORT, args -> { // 2.x: the first transport, then the upgraded one; 1.x: the upgrade
            transport = ((Transport) args[0]).name;
            transports.add(transport);
        });
    }

    /** Connects to {@code url} with the given transports (none = default: polling, then upgrade) and waits. */
    public static SocketClient connect(String url, String... transports) {
        return connect(url, null, transports);
    }

    /**
     * As {@link #connect(String, String...)}, with {@code http} (when not null) for both polling and websocket
     * requests: e.g. one whose TLS context trusts a test certificate, for https/wss URLs.
     */
    public static SocketClient connect(String url, okhttp3.OkHttpClient http, String... transports) {
        IO.Options options = options();
        if (http != null) {
            options.callFactory = http;
            options.webSocketFactory = http;
        }
        if (transports.length > 0) {
            options.transports = transports;
        }
        return connect(url, options);
    }

    /** The options {@link #connect(String, String...)} uses: a new manager, no reconnection. */
    public static IO.Options options() {
        IO.Options options = new IO.Options(); // public fields: 1.x has no builder
        options.forceNew = true;
        options.reconnection = false;
        return options;
    }

    /**
     * Connects to {@code url} with {@code options} and waits; a {@code connect_error} (e.g. a refused auth payload)
     * is an AssertionError whose message holds what the server said.
     */
    public static SocketClient connect(String url, IO.Options options) {
        SocketClient client = new SocketClient(IO.socket(URI.create(url), options));
        CompletableFuture<Void> connected = new CompletableFuture<>();
        client.socket.once(Socket.EVENT_CONNECT, args -> connected.complete(null));
        client.socket.once(Socket.EVENT_CONNECT_ERROR, args -> {
            connected.completeExceptionally(new IllegalStateException("connect error: " + args[0]));
            client.socket.close();
        });
        client.socket.connect();
        await(connected);
        return client;
    }

    /** Connects over {@code transport}: "default" (polling, then the upgrade) or only that one ("websocket", "polling"). */
    public static SocketClient connectOver(String url, String transport) {
        return transport.equals("default") ? connect(url) : connect(url, transport);
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
        payload.put("socketId", String.valueOf(id()));
        return login(payload);
    }

    public JsonNode logout() {
        return emitWithAck("user_logout", new JSONObject());
    }

    /** Emits {@code event} with {@code payload} and returns the server's ack, parsed. */
    public JsonNode emitWithAck(String event, Object payload) {
        return await(emitAsync(event, payload));
    }

    /** Emits {@code user_login} with {@code {tokenId: credential}} without waiting: the ack completes the future. */
    public CompletableFuture<JsonNode> loginAsync(String credential) {
        return emitAsync("user_login", new JSONObject(Map.of("tokenId", credential)));
    }

    /** Emits {@code event} with {@code payload} without waiting: the ack, parsed, completes the future. */
    public CompletableFuture<JsonNode> emitAsync(String event, Object payload) {
        CompletableFuture<JsonNode> ack = new CompletableFuture<>();
        socket.emit(event, new Object[] {payload}, (Ack) args -> {
            try {
                ack.complete(parse(args[0]));
            } catch (RuntimeException e) {
                ack.completeExceptionally(e);
            }
        });
        return ack;
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

    /** The socket's id (set once connected). */
    public String id() {
        return socket.id();
    }

    public boolean connected() {
        return socket.connected();
    }

    /** The transport the manager last reported (2.x reports the first one too; 1.x only upgrades), or null. */
    public String transport() {
        return transport;
    }

    /** Waits until the manager reports a switch to {@code name} (e.g. the upgrade to websocket that follows the connect). */
    public void awaitTransport(String name) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        try {
            for (String seen = null; !name.equals(seen); ) {
                seen = transports.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (seen == null) {
                    throw new AssertionError("no switch to " + name + " within " + WAIT);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
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
