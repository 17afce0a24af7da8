package org.pushserver.demo;

import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Manager;
import io.socket.client.Socket;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.json.JSONArray;
import org.json.JSONException;
import org.json.JSONObject;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Command-line demo client: connects to the push server with the Java Socket.IO client, logs in with a
 * token (again on every connect, so it survives server restarts), and prints every {@code receive_message}
 * as one JSON line on stdout. Status lines go to stderr.
 *
 * <p>It resumes: every login carries {@code lastMessageId} (null at first, then the id of the last message printed,
 * or {@code --last-message-id}), so after a reconnect the server sends what was missed, each once, in order; the
 * login ack's {@code recovered} and {@code missed} are printed as a status line. A message whose id was already
 * printed is not printed again. {@code --no-resume} logs in as clients did before ids existed.
 */
@Command(name = "client-demo", mixinStandardHelpOptions = true, versionProvider = PushClientDemo.Version.class,
        sortOptions = false,
        description = {
            "Connects to a push server, logs in with a token and prints every received message as one JSON line "
                + "on stdout (status lines on stderr). Reconnects and logs in again when the connection drops."
        })
public final class PushClientDemo implements java.util.concurrent.Callable<Integer> {

    static final String LOGIN_EVENT = "user_login";
    static final String LOGOUT_EVENT = "user_logout";

    @Option(names = {"-u", "--url"}, defaultValue = "http://127.0.0.1:4001", paramLabel = "URL",
            description = "Server URL (default: ${DEFAULT-VALUE}).")
    String url;

    @Option(names = {"-t", "--token"}, required = true, paramLabel = "TOKEN",
            description = "Token id to log in with.")
    String token;

    @Option(names = "--numeric-token",
            description = "Send the token as a JSON number (it must be digits only).")
    boolean numericToken;

    @Option(names = "--user-id", paramLabel = "ID", description = "userId sent with the login (default: the token).")
    String userId;

    @Option(names = {"-p", "--path"}, defaultValue = "/socket.io", paramLabel = "PATH",
            description = "Socket.IO path (default: ${DEFAULT-VALUE}).")
    String path;

    @Option(names = {"-e", "--event"}, defaultValue = "receive_message", paramLabel = "EVENT",
            description = "Event whose payloads are printed (default: ${DEFAULT-VALUE}).")
    String event;

    @Option(names = "--websocket-only", description = "Use only the websocket transport (default: polling, then upgrade).")
    boolean websocketOnly;

    @Option(names = "--timestamps", description = "Wrap each line as {\"receivedAt\":..., \"message\":...}.")
    boolean timestamps;

    @Option(names = {"-n", "--count"}, defaultValue = "0", paramLabel = "N",
            description = "Exit after N messages (default: 0, never).")
    int count;

    @Option(names = "--reconnect-delay-max", defaultValue = "5000", paramLabel = "MS",
            description = "Longest wait between reconnection attempts in milliseconds (default: ${DEFAULT-VALUE}).")
    long reconnectDelayMax;

    @Option(names = "--last-message-id", paramLabel = "ID",
            description = "Resume after this message id (e.g. the last one a previous run printed).")
    volatile String lastMessageId;

    @Option(names = "--no-resume", description = "Do not send lastMessageId: no ids, nothing missed is sent again.")
    boolean noResume;

    /** Ids printed lately, oldest first: a message delivered again (e.g. an unacked retry) is printed once. */
    private final java.util.Set<String> printedIds = new java.util.LinkedHashSet<>();
    private static final int MAX_PRINTED_IDS = 1000;

    private final PrintStream out;
    private final PrintStream err;

    PushClientDemo(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        int code = new CommandLine(new PushClientDemo(out, err)).execute(args);
        System.exit(code);
    }

    @Override
    public Integer call() throws Exception {
        if (numericToken && !token.matches("\\d{1,18}")) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "--numeric-token needs a token made of digits, not '" + token + "'");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--url is not a URL: " + e.getMessage());
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--url must start with http:// or https://");
        }
        // The namespace is '/': connect to scheme://host:port and pass the path separately.
        URI origin = new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), null, null, null);

        IO.Options options = IO.Options.builder()
                .setPath(path.startsWith("/") ? path : "/" + path)
                .setForceNew(true)
                .setReconnection(true)
                .setReconnectionAttempts(Integer.MAX_VALUE)
                .setReconnectionDelay(Math.min(1000, reconnectDelayMax))
                .setReconnectionDelayMax(reconnectDelayMax)
                .setTimeout(10_000)
                .setTransports(websocketOnly ? new String[] {"websocket"} : new String[] {"polling", "websocket"})
                .build();

        Socket socket = IO.socket(origin, options);
        CountDownLatch done = new CountDownLatch(1);
        AtomicInteger received = new AtomicInteger();
        AtomicLong lastConnect = new AtomicLong();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "client-demo-timer");
            t.setDaemon(true);
            return t;
        });
        Object tokenValue = numericToken ? (Object) Long.valueOf(token) : token;

        socket.on(Socket.EVENT_CONNECT, args -> {
            lastConnect.set(System.nanoTime());
            status("connected to " + origin + " (socket id " + socket.id() + "), logging in as " + token);
            login(socket, tokenValue);
        });
        socket.on(Socket.EVENT_DISCONNECT, args -> {
            String reason = args.length > 0 ? String.valueOf(args[0]) : "unknown";
            status("disconnected: " + reason);
            if ("io server disconnect".equals(reason) && done.getCount() > 0) {
                // The client does not reconnect by itself after a server-side disconnect: do it here.
                timer.schedule(() -> {
                    if (!socket.connected() && done.getCount() > 0) {
                        status("reconnecting after the server closed the socket");
                        socket.connect();
                    }
                }, 1, TimeUnit.SECONDS);
            }
        });
        socket.on(Socket.EVENT_CONNECT_ERROR, args -> status("connect error: " + describe(args)));
        Manager manager = socket.io();
        manager.on(Manager.EVENT_RECONNECT_ATTEMPT, args -> status("reconnecting (attempt " + describe(args) + ")"));
        manager.on(Manager.EVENT_RECONNECT, args -> status("reconnected"));
        manager.on(Manager.EVENT_RECONNECT_FAILED, args -> {
            status("gave up reconnecting");
            done.countDown();
        });
        socket.on(event, args -> {
            Object payload = args.length == 0 ? JSONObject.NULL : args[0];
            if (printMessage(payload) && count > 0 && received.incrementAndGet() >= count) {
                done.countDown();
            }
        });

        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            done.countDown();
            if (socket.connected()) {
                socket.emit(LOGOUT_EVENT, tokenObject(tokenValue));
            }
            socket.close();
        }, "client-demo-shutdown"));

        status("connecting to " + origin + " path " + options.path);
        socket.connect();
        done.await();
        socket.close();
        timer.shutdownNow();
        return 0;
    }

    private void login(Socket socket, Object tokenValue) {
        JSONObject login = tokenObject(tokenValue);
        try {
            login.put("userId", userId != null ? userId : tokenValue);
            login.put("socketId", socket.id());
            if (!noResume) {
                login.put("lastMessageId", lastMessageId == null ? JSONObject.NULL : lastMessageId);
            }
        } catch (JSONException e) {
            throw new IllegalStateException(e);
        }
        socket.emit(LOGIN_EVENT, new Object[] {login}, (Ack) args -> {
            Object ack = args.length > 0 ? args[0] : null;
            if (ack instanceof JSONObject && !((JSONObject) ack).optBoolean("ok", true)) {
                status("login refused: " + ack);
            } else {
                status("logged in as " + token + (ack != null ? " " + ack : ""));
                if (ack instanceof JSONObject && ((JSONObject) ack).has("recovered")) {
                    JSONObject a = (JSONObject) ack;
                    status(a.optBoolean("recovered")
                            ? "resumed: " + a.optInt("missed") + " missed message(s) follow"
                            : "not recovered" + (a.has("reason") ? ": " + a.optString("reason") : "")
                                + " (messages sent while away, if any, are not coming)");
                }
            }
        });
    }

    private static JSONObject tokenObject(Object tokenValue) {
        JSONObject o = new JSONObject();
        try {
            o.put("tokenId", tokenValue);
        } catch (JSONException e) {
            throw new IllegalStateException(e);
        }
        return o;
    }

    /** Prints {@code payload} as one line; false when its id was printed already. */
    private synchronized boolean printMessage(Object payload) {
        String id = payload instanceof JSONObject ? ((JSONObject) payload).optString("id", null) : null;
        if (id != null) {
            if (!printedIds.add(id)) {
                status("message " + id + " delivered again: not printed twice");
                return false;
            }
            if (printedIds.size() > MAX_PRINTED_IDS) {
                printedIds.remove(printedIds.iterator().next());
            }
            lastMessageId = id;
        }
        String json = toJson(payload);
        if (timestamps) {
            json = "{\"receivedAt\":" + JSONObject.quote(Instant.now().toString()) + ",\"message\":" + json + "}";
        }
        out.println(json);
        out.flush();
        return true;
    }

    /** One-line JSON for whatever the Socket.IO client decoded (JSONObject, JSONArray, String, number, ...). */
    static String toJson(Object payload) {
        if (payload == null || payload == JSONObject.NULL) {
            return "null";
        }
        if (payload instanceof JSONObject || payload instanceof JSONArray) {
            return payload.toString();
        }
        if (payload instanceof String) {
            return JSONObject.quote((String) payload);
        }
        if (payload instanceof Number || payload instanceof Boolean) {
            return String.valueOf(payload);
        }
        if (payload instanceof byte[]) {
            return JSONObject.quote(java.util.Base64.getEncoder().encodeToString((byte[]) payload));
        }
        return JSONObject.quote(String.valueOf(payload));
    }

    private static String describe(Object[] args) {
        if (args.length == 0) {
            return "";
        }
        Object a = args[0];
        if (a instanceof Throwable) {
            Throwable t = (Throwable) a;
            return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
        }
        return String.valueOf(a);
    }

    private void status(String line) {
        err.println("[client-demo] " + line);
        err.flush();
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = PushClientDemo.class.getPackage().getImplementationVersion();
            return new String[] {"client-demo " + (v != null ? v : "(development)")};
        }
    }
}
