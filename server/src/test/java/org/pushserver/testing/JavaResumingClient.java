package org.pushserver.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Socket;
import org.json.JSONObject;

import java.net.URI;

/**
 * The Java io.socket client (2.x, or 1.x in the {@code java-client-v1} failsafe execution) as an Android app would use
 * it to resume: reconnection on, and in its 'connect' handler a {@code user_login} with the last id it saw. Uses only
 * what both lines have (public option fields, {@code emit} with an {@link Ack}). Java clients have no
 * connection-state recovery, so {@link Mode#RECOVERY} is refused.
 */
public final class JavaResumingClient implements ResumingClient {
    /** Its {@link ResumingClient.Line}: "java" plus the line on the classpath. */
    public static final Line LINE = new Line() {
        @Override
        public ResumingClient start(Options options) {
            return new JavaResumingClient(options);
        }

        @Override
        public String name() {
            return "java";
        }

        @Override
        public String toString() {
            return name();
        }
    };

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ClientEvents events = new ClientEvents();
    private final Socket socket;
    private final Options options;
    private volatile String lastId;

    private JavaResumingClient(Options options) {
        if (options.mode() != Mode.RESUME) {
            throw new IllegalArgumentException("the Java clients have no connection-state recovery");
        }
        this.options = options;
        IO.Options io = new IO.Options();
        io.forceNew = true;
        io.reconnection = true;
        io.reconnectionDelay = 100;
        io.reconnectionDelayMax = 500;
        if (!options.transport().equals("default")) {
            io.transports = new String[] {options.transport()};
        }
        socket = IO.socket(URI.create(options.url()), io);
        socket.on(Socket.EVENT_CONNECT, args -> {
            events.add("connect");
            login();
        });
        socket.on(Socket.EVENT_DISCONNECT, args -> events.add("disconnect", "reason", String.valueOf(args.length > 0 ? args[0] : null)));
        socket.on(Socket.EVENT_CONNECT_ERROR, args -> events.add("error", "error", String.valueOf(args.length > 0 ? args[0] : null)));
        socket.on("receive_message", this::received);
        socket.connect();
    }

    private void login() {
        JSONObject payload = new JSONObject();
        try {
            payload.put("tokenId", options.token());
            payload.put("lastMessageId", lastId == null ? JSONObject.NULL : lastId);
            payload.put("acks", options.acks());
        } catch (Exception e) { // 1.x's org.json declares a checked JSONException
            throw new IllegalStateException(e);
        }
        socket.emit("user_login", new Object[] {payload}, (Ack) args -> events.add("login", "ack", parse(args.length > 0 ? args[0] : null)));
    }

    private void received(Object... args) {
        JsonNode payload = parse(args.length > 0 ? args[0] : null);
        if (payload.hasNonNull("id")) {
            lastId = payload.get("id").asText();
        }
        Object last = args.length > 1 ? args[args.length - 1] : null;
        events.add("message", "payload", payload, "acked", options.acks() && last instanceof Ack);
        if (options.acks() && last instanceof Ack ack) {
            ack.call();
        }
    }

    private static JsonNode parse(Object value) {
        try {
            return JSON.readTree(String.valueOf(value));
        } catch (Exception e) {
            return JSON.getNodeFactory().textNode(String.valueOf(value));
        }
    }

    @Override
    public ClientEvents events() {
        return events;
    }

    @Override
    public void close() {
        socket.close();
    }
}
