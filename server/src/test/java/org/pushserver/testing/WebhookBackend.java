package org.pushserver.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A login webhook backend for the tests: the JDK's HTTP server on 127.0.0.1 answering each call by {@code answers}
 * of its JSON body, recording the calls, and able to hold its answers (a backend too slow).
 */
public final class WebhookBackend implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the backend answers: a status and a body (302 gets a Location header). */
    public record Answer(int status, String body) {
    }

    /** What the backend received. */
    public record Call(String method, String contentType, JsonNode body) {
    }

    /** The calls received, in order. */
    public final ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private volatile CompletableFuture<Void> hold = CompletableFuture.completedFuture(null);
    private boolean closed;

    private WebhookBackend(Function<JsonNode, Answer> answers) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(threads);
        server.createContext("/login", exchange -> handle(exchange, answers));
        server.start();
    }

    /** Starts a backend on a free loopback port. */
    public static WebhookBackend start(Function<JsonNode, Answer> answers) {
        try {
            return new WebhookBackend(answers);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void handle(HttpExchange exchange, Function<JsonNode, Answer> answers) throws IOException {
        try (exchange) {
            JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
            calls.add(new Call(exchange.getRequestMethod(), exchange.getRequestHeaders().getFirst("Content-Type"), body));
            try {
                hold.get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                return; // released by close, or the test gave up
            }
            Answer answer = answers.apply(body);
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            if (answer.status() == 302) {
                exchange.getResponseHeaders().add("Location", "/elsewhere");
            }
            exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    /** Answers wait until {@link #releaseAnswers()}. */
    public void holdAnswers() {
        hold = new CompletableFuture<>();
    }

    public void releaseAnswers() {
        hold.complete(null);
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/login";
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        hold.cancel(false);
        server.stop(0);
        threads.shutdownNow();
    }
}
