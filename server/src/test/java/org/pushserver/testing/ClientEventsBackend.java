package org.pushserver.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A backend for client events in the tests: the JDK's HTTP server on 127.0.0.1 that records each POST (raw body and
 * the signature headers), answers it by {@code answers} of its parsed body, and can hold its answers (a backend too
 * slow). {@link Call#signedWith} checks a signature independently of the server's own signer.
 */
public final class ClientEventsBackend implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the backend answers: a status and a body (empty: none). */
    public record Answer(int status, String body) {
        public static Answer ok(String body) {
            return new Answer(200, body);
        }
    }

    /** One POST received. */
    public record Call(String contentType, String timestamp, String signature, byte[] raw, JsonNode body) {
        /** Whether {@code X-Push-Signature} is {@code sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>}. */
        public boolean signedWith(String secret) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
                mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
                return ("sha256=" + HexFormat.of().formatHex(mac.doFinal(raw))).equals(signature);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private final LinkedBlockingQueue<Call> calls = new LinkedBlockingQueue<>();
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private volatile Function<JsonNode, Answer> answers;
    private volatile CompletableFuture<Void> hold = CompletableFuture.completedFuture(null);

    private ClientEventsBackend(Function<JsonNode, Answer> answers) throws IOException {
        this.answers = answers;
        // a backlog for the hundreds of connections a slow backend gets at once (the default is 50)
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        server.setExecutor(threads);
        server.createContext("/events", this::handle);
        server.start();
    }

    /** Starts a backend on a free loopback port. */
    public static ClientEventsBackend start(Function<JsonNode, Answer> answers) {
        try {
            return new ClientEventsBackend(answers);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] raw = exchange.getRequestBody().readAllBytes();
            JsonNode body = JSON.readTree(raw);
            var headers = exchange.getRequestHeaders();
            calls.add(new Call(headers.getFirst("Content-Type"), headers.getFirst("X-Push-Timestamp"),
                    headers.getFirst("X-Push-Signature"), raw, body));
            try {
                hold.get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                return; // released by close, or the test gave up
            }
            Answer answer = answers.apply(body);
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    /** From now on, answers by {@code answers}. */
    public void answer(Function<JsonNode, Answer> answers) {
        this.answers = answers;
    }

    /** Answers wait until {@link #releaseAnswers()}. */
    public void holdAnswers() {
        hold = new CompletableFuture<>();
    }

    public void releaseAnswers() {
        hold.complete(null);
    }

    /** The next call received, waiting up to {@code timeout}; fails when none comes. */
    public Call nextCall(Duration timeout) {
        try {
            Call call = calls.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (call == null) {
                throw new AssertionError("no client event reached the backend within " + timeout);
            }
            return call;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Takes every call received so far. */
    public List<Call> drain() {
        List<Call> all = new java.util.ArrayList<>();
        calls.drainTo(all);
        return all;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/events";
    }

    @Override
    public void close() {
        hold.cancel(false);
        server.stop(0);
        threads.shutdownNow();
    }
}
