package org.pushserver.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.pushserver.config.mobile.FcmConfig;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Google's side of FCM HTTP v1 for the tests, on one loopback port: the OAuth2 token endpoint ({@code /token}) and
 * the send endpoint ({@code /v1/projects/{project}/messages:send}). It made the service account's RSA key and wrote
 * its JSON ({@link #serviceAccountFile()}, {@code token_uri} pointing here). The token endpoint
 * ({@link OAuthTokenEndpoint}) checks the JWT assertion as Google does and issues bearer tokens valid for an hour; the
 * send endpoint checks the bearer and the project, records the message JSON ({@link #received()}), and answers 200 unless
 * the device was {@linkplain #unregister unregistered} or an answer was {@linkplain #failNext scripted} (or holds its
 * answers: {@link #holdAnswers()}). Use it through {@code ResourceExtension.of(FcmServer::start)}.
 */
public final class FcmServer implements AutoCloseable {
    public static final String PROJECT = "pushserver-test";
    public static final String CLIENT_EMAIL = "push@pushserver-test.iam.gserviceaccount.com";
    private static final String SCOPE = "https://www.googleapis.com/auth/firebase.messaging";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A message the send endpoint accepted for processing: its JSON and the bearer token it came with. */
    public record Received(JsonNode message, String bearer) {
        public String deviceToken() {
            return message.path("message").path("token").asText();
        }
    }

    private final Path dir;
    private final Path serviceAccountFile;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final OAuthTokenEndpoint tokens;
    private final Set<String> unregistered = ConcurrentHashMap.newKeySet();
    private final Map<String, Queue<FcmAnswer>> script = new ConcurrentHashMap<>();
    private final Queue<Received> received = new ConcurrentLinkedQueue<>();
    private volatile CompletableFuture<Void> hold = CompletableFuture.completedFuture(null);

    private FcmServer(Path dir) throws Exception {
        this.dir = dir;
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair account = generator.generateKeyPair();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        tokens = new OAuthTokenEndpoint((RSAPublicKey) account.getPublic(), CLIENT_EMAIL, SCOPE, tokenUri());
        server.setExecutor(threads);
        server.createContext("/token", tokens::handle);
        server.createContext("/v1/projects/", this::send);
        server.start();
        try {
            serviceAccountFile = writeServiceAccount(dir, account);
        } catch (IOException | RuntimeException e) {
            server.stop(0);
            threads.shutdownNow();
            throw e;
        }
    }

    private Path writeServiceAccount(Path dir, KeyPair account) throws IOException {
        ObjectNode json = JSON.createObjectNode().put("type", "service_account").put("project_id", PROJECT)
                .put("private_key_id", "key-1")
                .put("private_key", TestCertificate.pem("PRIVATE KEY", account.getPrivate().getEncoded()))
                .put("client_email", CLIENT_EMAIL).put("client_id", "100000000000000000001")
                .put("token_uri", tokenUri());
        return Files.writeString(dir.resolve("service-account.json"), json.toPrettyString());
    }

    /** Starts one on a free loopback port, its service-account file in a directory of its own. */
    public static FcmServer start() throws Exception {
        Path dir = Files.createTempDirectory("fcm-server");
        try {
            return new FcmServer(dir);
        } catch (Exception | Error e) {
            Files.deleteIfExists(dir.resolve("service-account.json"));
            Files.delete(dir);
            throw e;
        }
    }

    private void send(HttpExchange exchange) throws IOException {
        try (exchange) {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            String bearer = auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : null;
            if (bearer == null || !tokens.issued(bearer)) {
                FcmAnswer.error(401, "UNAUTHENTICATED", "Request had invalid authentication credentials.", null, null).writeTo(exchange);
                return;
            }
            if (!"POST".equals(exchange.getRequestMethod())
                    || !exchange.getRequestURI().getPath().equals("/v1/projects/" + PROJECT + "/messages:send")) {
                FcmAnswer.error(404, "NOT_FOUND", "Requested entity was not found.", null, null).writeTo(exchange);
                return;
            }
            Received message = new Received(JSON.readTree(exchange.getRequestBody().readAllBytes()), bearer);
            received.add(message);
            try {
                hold.get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                return; // released by close, or the test gave up: no answer
            }
            Queue<FcmAnswer> next = script.get(message.deviceToken());
            FcmAnswer scripted = next == null ? null : next.poll();
            if (scripted != null) {
                scripted.writeTo(exchange);
            } else if (unregistered.contains(message.deviceToken())) {
                FcmAnswer.unregistered().writeTo(exchange);
            } else {
                new FcmAnswer(200, JSON.createObjectNode()
                        .put("name", "projects/" + PROJECT + "/messages/" + received.size()).toString(), Map.of())
                        .writeTo(exchange);
            }
        }
    }

    /** From now on {@code deviceToken} is answered {@code UNREGISTERED}, as an app uninstalled. */
    public void unregister(String deviceToken) {
        unregistered.add(deviceToken);
    }

    /** The next sends to {@code deviceToken} get {@code answers}, one each. */
    public void failNext(String deviceToken, FcmAnswer... answers) {
        script.computeIfAbsent(deviceToken, t -> new ConcurrentLinkedQueue<>()).addAll(List.of(answers));
    }

    /** Sends wait for their answer until {@link #releaseAnswers()} (at most 30 s): an FCM that stalls. */
    public void holdAnswers() {
        hold = new CompletableFuture<>();
    }

    public void releaseAnswers() {
        hold.complete(null);
    }

    /** Every message that reached the send endpoint with a valid bearer, in order. */
    public List<Received> received() {
        return List.copyOf(received);
    }

    /** The messages to {@code deviceToken}, in order. */
    public List<Received> received(String deviceToken) {
        return received.stream().filter(r -> r.deviceToken().equals(deviceToken)).collect(Collectors.toList());
    }

    /** How many times the token endpoint was called. */
    public int tokenRequests() {
        return tokens.requests();
    }

    /** Why the token endpoint refused assertions, if it did. */
    public List<String> refusedAssertions() {
        return tokens.refused();
    }

    public Path serviceAccountFile() {
        return serviceAccountFile;
    }

    public String tokenUri() {
        return endpoint() + "/token";
    }

    /** The base URL, as {@code FCM_ENDPOINT}. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The provider's settings for this server. */
    public FcmConfig config() {
        return new FcmConfig(serviceAccountFile, URI.create(endpoint()));
    }

    /** The same settings as the server's command-line flags. */
    public String[] args() {
        return new String[] {"--fcm-service-account-file", serviceAccountFile.toString(), "--fcm-endpoint", endpoint()};
    }

    @Override
    public void close() throws IOException {
        hold.cancel(false);
        server.stop(0);
        threads.shutdownNow();
        Files.deleteIfExists(serviceAccountFile);
        Files.delete(dir);
    }
}
