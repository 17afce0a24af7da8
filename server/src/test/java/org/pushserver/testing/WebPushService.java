package org.pushserver.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.pushserver.mobile.webpush.P256;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A browser push service for the tests: the JDK's HTTP server on 127.0.0.1 (plain http, which the server allows for a
 * listed loopback host). It checks what a real one checks, the VAPID {@code Authorization} (an ES256 JWT verified
 * against its {@code k=} key, {@code aud} its own origin, {@code exp} in the future and at most 24 h ahead, a
 * {@code sub}) and the {@code aes128gcm} body, which it decrypts with the subscription's keys ({@link PushBrowser}).
 * It records each request, and answers 201 unless the test scripted other answers ({@link #answerNext}).
 */
public final class WebPushService implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern VAPID = Pattern.compile("vapid t=([A-Za-z0-9_.-]+), ?k=([A-Za-z0-9_-]+)");

    /** A scripted answer: a status and response headers (e.g. Retry-After). */
    public record Answer(int status, Map<String, String> headers) {
        public static Answer of(int status, String... headerPairs) {
            Map<String, String> h = new java.util.HashMap<>();
            for (int i = 0; i + 1 < headerPairs.length; i += 2) {
                h.put(headerPairs[i], headerPairs[i + 1]);
            }
            return new Answer(status, h);
        }
    }

    /**
     * One request as it arrived: its headers, the decrypted plaintext (null when it could not be decrypted), the VAPID
     * key and claims, and what was wrong with it (null when nothing: a real push service would have accepted it).
     */
    public record Received(String path, Headers headers, byte[] plaintext, String vapidKey, JsonNode claims,
                           String problem) {
        public String text() {
            return new String(plaintext, StandardCharsets.UTF_8);
        }
    }

    /** Every request received, in order. */
    public final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final LinkedBlockingQueue<Answer> answers = new LinkedBlockingQueue<>();
    private final Map<String, PushBrowser> browsers = new ConcurrentHashMap<>();
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final HttpServer server;

    private WebPushService() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts a push service on a free loopback port. */
    public static WebPushService start() {
        try {
            return new WebPushService();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new browser subscribed here: its endpoint is on this service, its keys made by the test. */
    public PushBrowser subscribe() {
        String path = "/push/" + UUID.randomUUID();
        PushBrowser browser = new PushBrowser(origin() + path);
        browsers.put(path, browser);
        return browser;
    }

    /** The next requests get these answers, in order; then 201 again. */
    public void answerNext(Answer... next) {
        answers.addAll(java.util.List.of(next));
    }

    /** Waits until {@code count} requests arrived (each checked: see {@link Received#problem()}); returns them all. */
    public java.util.List<Received> awaitReceived(int count, Duration timeout) {
        Await.await(count + " Web Push requests at " + origin(), timeout, () -> received.size() >= count);
        return java.util.List.copyOf(received);
    }

    /** Requests received, including ones it refused. */
    public int requests() {
        return requests.get();
    }

    /** {@code http://127.0.0.1:<port>}: the {@code aud} a VAPID JWT for this service must carry. */
    public String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.incrementAndGet();
            byte[] body = exchange.getRequestBody().readAllBytes();
            Headers headers = exchange.getRequestHeaders();
            String problem = null;
            String key = null;
            JsonNode claims = null;
            byte[] plaintext = null;
            Matcher vapid = VAPID.matcher(String.valueOf(headers.getFirst("Authorization")));
            PushBrowser browser = browsers.get(exchange.getRequestURI().getPath());
            if (!exchange.getRequestMethod().equals("POST") || browser == null) {
                problem = "no subscription at " + exchange.getRequestMethod() + " " + exchange.getRequestURI();
            } else if (!vapid.matches()) {
                problem = "Authorization is not 'vapid t=<jwt>, k=<key>': " + headers.getFirst("Authorization");
            } else {
                key = vapid.group(2);
                try {
                    claims = claims(vapid.group(1), key);
                    problem = claimsProblem(claims);
                    if (problem == null) {
                        problem = headersProblem(headers);
                    }
                    plaintext = browser.decrypt(body);
                } catch (Exception e) {
                    problem = problem != null ? problem : "cannot verify or decrypt: " + e;
                }
            }
            received.add(new Received(exchange.getRequestURI().getPath(), headers, plaintext, key, claims, problem));
            Answer answer = problem != null ? Answer.of(problem.startsWith("no subscription") ? 404 : 400) : answers.poll();
            if (answer == null) {
                answer = Answer.of(201);
            }
            answer.headers().forEach(exchange.getResponseHeaders()::add);
            exchange.sendResponseHeaders(answer.status(), -1);
        }
    }

    /** The JWT's claims once its ES256 signature checks against {@code key}; an exception when it does not. */
    private static JsonNode claims(String jwt, String key) throws Exception {
        String[] parts = jwt.split("\\.");
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a JWS compact serialisation");
        }
        JsonNode header = JSON.readTree(P256.fromBase64url(parts[0]));
        if (!header.path("alg").asText().equals("ES256")) {
            throw new IllegalArgumentException("alg is not ES256: " + header);
        }
        Signature es256 = Signature.getInstance("SHA256withECDSAinP1363Format"); // JOSE: R||S, 64 bytes
        es256.initVerify(P256.publicKey(P256.fromBase64url(key)));
        es256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        if (!es256.verify(P256.fromBase64url(parts[2]))) {
            throw new IllegalArgumentException("the ES256 signature does not verify with k=");
        }
        return JSON.readTree(P256.fromBase64url(parts[1]));
    }

    private String claimsProblem(JsonNode claims) {
        if (!claims.path("aud").isTextual() || !claims.path("aud").asText().equals(origin())) {
            return "aud is not " + origin() + ": " + claims.path("aud");
        }
        long now = Instant.now().getEpochSecond();
        long exp = claims.path("exp").asLong(0);
        if (exp <= now || exp > now + Duration.ofHours(24).toSeconds()) {
            return "exp is not in the next 24 h: " + exp + " (now " + now + ")";
        }
        return claims.path("sub").asText("").isEmpty() ? "no sub" : null;
    }

    private static String headersProblem(Headers headers) {
        if (!"aes128gcm".equals(headers.getFirst("Content-Encoding"))) {
            return "Content-Encoding is not aes128gcm: " + headers.getFirst("Content-Encoding");
        }
        String ttl = headers.getFirst("TTL");
        return ttl == null || !ttl.matches("[0-9]+") ? "TTL is missing or not a number: " + ttl : null;
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
