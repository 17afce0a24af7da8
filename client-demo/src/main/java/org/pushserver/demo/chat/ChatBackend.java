package org.pushserver.demo.chat;

import com.sun.net.httpserver.HttpServer;
import org.pushserver.client.WebhookVerifier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The chat sample's backend: the JDK's HTTP server with the push server's client events at {@code POST /events}
 * ({@link ChatEvents}) and each conversation's history at {@code GET /conversations} ({@link History}), kept in memory
 * ({@link Conversations}). Run it beside a push server started with {@code CLIENT_EVENTS=chat_message},
 * {@code CLIENT_EVENTS_URL=http://127.0.0.1:4100/events} and the same {@code WEBHOOK_SECRET}.
 */
@Command(name = "chat-backend", mixinStandardHelpOptions = true,
        description = "The chat sample's backend: verifies the push server's client events, keeps conversations in "
                + "memory and answers each chat_message with a publish to its recipient.")
public final class ChatBackend implements Callable<Integer>, AutoCloseable {
    @Option(names = "--host", defaultValue = "127.0.0.1", description = "interface to listen on (default: ${DEFAULT-VALUE})")
    private String host;
    @Option(names = "--port", defaultValue = "4100", description = "port to listen on, 0 = any free one (default: ${DEFAULT-VALUE})")
    private int port;
    @Option(names = "--secret", defaultValue = "${env:WEBHOOK_SECRET}",
            description = "the push server's WEBHOOK_SECRET, comma-separated when rotating (default: $WEBHOOK_SECRET)")
    private String secret;
    @Option(names = "--max-messages", defaultValue = "500", description = "lines kept per conversation (default: ${DEFAULT-VALUE})")
    private int maxMessages;
    @Option(names = "--max-conversations", defaultValue = "10000",
            description = "conversations kept, least recently used forgotten first (default: ${DEFAULT-VALUE})")
    private int maxConversations;

    private HttpServer server;
    private ExecutorService threads;

    /** Starts a backend (for tests and the benchmark): {@code port} 0 picks a free one. */
    public static ChatBackend start(String host, int port, String secret) throws IOException {
        ChatBackend backend = new ChatBackend();
        backend.host = host;
        backend.port = port;
        backend.secret = secret;
        backend.maxMessages = 500;
        backend.maxConversations = 10_000;
        backend.listen();
        return backend;
    }

    private void listen() throws IOException {
        if (secret == null || secret.isBlank()) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--secret (or WEBHOOK_SECRET) is required");
        }
        List<String> secrets = Arrays.stream(secret.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        WebhookVerifier verifier = WebhookVerifier.builder().secrets(secrets).maxSkew(Duration.ofMinutes(5)).build();
        Conversations conversations = new Conversations(maxMessages, maxConversations);
        server = HttpServer.create(new InetSocketAddress(host, port), 0);
        threads = Executors.newFixedThreadPool(Math.max(4, Runtime.getRuntime().availableProcessors() * 2));
        server.setExecutor(threads);
        server.createContext("/events", new ChatEvents(verifier, conversations));
        server.createContext("/conversations", new History(conversations));
        server.start();
    }

    /** The bound port. */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public Integer call() throws Exception {
        listen();
        System.err.println("chat backend: client events at http://" + host + ":" + port() + "/events, history at http://"
                + host + ":" + port() + "/conversations?user=a&with=b");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            close();
            stopped.countDown();
        }));
        stopped.await();
        return 0;
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
            threads.shutdownNow();
        }
    }

    public static void main(String[] args) {
        // The JDK's server writes an answer's headers and body apart: without TCP_NODELAY the body waits for the
        // peer's delayed ACK (tens of ms per answer). Read once, when the first server is made.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        System.exit(new CommandLine(new ChatBackend()).execute(args));
    }
}
