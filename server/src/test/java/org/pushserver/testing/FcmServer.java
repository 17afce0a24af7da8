package org.pushserver.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.pushserver.config.FcmConfig;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Google's side of FCM HTTP v1 for the tests, on one loopback port: the OAuth2 token endpoint ({@code /token}) and
 * the send endpoint ({@code /v1/projects/{project}/messages:send}). It made the service account's RSA key and wrote
 * its JSON ({@link #serviceAccountFile()}, {@code token_uri} pointing here). The token endpoint checks the JWT
 * assertion as Google does (RS256 signature by that key, {@code iss} = the account, {@code aud} = Google's token URL
 * (or this one's), the FCM scope, {@code exp} at most an hour after {@code iat}) and issues a bearer token valid for an hour; the send
 * endpoint checks the bearer and the project, records the message JSON ({@link #received()}), and answers 200 unless
 * the device was {@linkplain #unregister unregistered} or an answer was {@linkplain #failNext scripted}.
 */
public final class FcmServer implements AutoCloseable {
    public static final String PROJECT = "pushserver-test";
    public static final String CLIENT_EMAIL = "push@pushserver-test.iam.gserviceaccount.com";
    private static final String SCOPE = "https://www.googleapis.com/auth/firebase.messaging";
    /** The audience Google's token endpoint wants; google-auth-library puts it in the assertion whatever token_uri is. */
    private static final String GOOGLE_TOKEN_URI = "https://oauth2.googleapis.com/token";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An answer of the send endpoint: a status, a JSON body, extra headers. */
    public record Answer(int status, String body, Map<String, String> headers) {
        /** FCM's 404 for an app uninstalled: error code {@code UNREGISTERED}. */
        public static Answer unregistered() {
            return error(404, "NOT_FOUND", "Requested entity was not found.", "UNREGISTERED", null);
        }

        /** FCM's 400 for a token that is not one: a field violation on {@code message.token}. */
        public static Answer invalidToken() {
            return error(400, "INVALID_ARGUMENT", "The registration token is not a valid FCM registration token",
                    "INVALID_ARGUMENT", "message.token");
        }

        /** A 503 with {@code Retry-After: seconds}. */
        public static Answer unavailable(int retryAfterSeconds) {
            Answer a = error(503, "UNAVAILABLE", "The service is currently unavailable.", "UNAVAILABLE", null);
            return new Answer(a.status, a.body, Map.of("Retry-After", String.valueOf(retryAfterSeconds)));
        }

        /** Google's error JSON, with FCM's error code and a field violation when given. */
        public static Answer error(int status, String rpcStatus, String message, String fcmErrorCode, String badField) {
            ObjectNode error = JSON.createObjectNode().put("code", status).put("message", message).put("status", rpcStatus);
            var details = error.putArray("details");
            if (fcmErrorCode != null) {
                details.addObject().put("@type", "type.googleapis.com/google.firebase.fcm.v1.FcmError")
                        .put("errorCode", fcmErrorCode);
            }
            if (badField != null) {
                details.addObject().put("@type", "type.googleapis.com/google.rpc.BadRequest").putArray("fieldViolations")
                        .addObject().put("field", badField).put("description", message);
            }
            return new Answer(status, JSON.createObjectNode().set("error", error).toString(), Map.of());
        }
    }

    /** A message the send endpoint accepted for processing: its JSON and the bearer token it came with. */
    public record Received(JsonNode message, String bearer) {
        public String deviceToken() {
            return message.path("message").path("token").asText();
        }
    }

    private final Path dir;
    private final Path serviceAccountFile;
    private final RSAPublicKey publicKey;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final AtomicInteger tokenRequests = new AtomicInteger();
    private final Queue<String> refusedAssertions = new ConcurrentLinkedQueue<>();
    private final Set<String> issued = ConcurrentHashMap.newKeySet();
    private final Set<String> unregistered = ConcurrentHashMap.newKeySet();
    private final Map<String, Queue<Answer>> script = new ConcurrentHashMap<>();
    private final Queue<Received> received = new ConcurrentLinkedQueue<>();

    private FcmServer(Path dir) throws Exception {
        this.dir = dir;
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair account = generator.generateKeyPair();
        publicKey = (RSAPublicKey) account.getPublic();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(threads);
        server.createContext("/token", this::token);
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

    private void token(HttpExchange exchange) throws IOException {
        try (exchange) {
            tokenRequests.incrementAndGet();
            Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            String problem = assertionProblem(form);
            if (problem != null) {
                refusedAssertions.add(problem);
                reply(exchange, new Answer(400, JSON.createObjectNode().put("error", "invalid_grant")
                        .put("error_description", problem).toString(), Map.of()));
                return;
            }
            String token = "ya29.test-" + tokenRequests.get();
            issued.add(token);
            reply(exchange, new Answer(200, JSON.createObjectNode().put("access_token", token).put("expires_in", 3600)
                    .put("token_type", "Bearer").toString(), Map.of()));
        }
    }

    /** What is wrong with the token request, or null. */
    private String assertionProblem(Map<String, String> form) {
        if (!"urn:ietf:params:oauth:grant-type:jwt-bearer".equals(form.get("grant_type"))) {
            return "grant_type " + form.get("grant_type");
        }
        try {
            SignedJWT jwt = SignedJWT.parse(form.getOrDefault("assertion", ""));
            if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(new RSASSAVerifier(publicKey))) {
                return "signature";
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            Instant iat = claims.getIssueTime().toInstant();
            Instant exp = claims.getExpirationTime().toInstant();
            if (!CLIENT_EMAIL.equals(claims.getIssuer()) || claims.getAudience().size() != 1
                    || !Set.of(GOOGLE_TOKEN_URI, tokenUri()).contains(claims.getAudience().get(0))
                    || !String.valueOf(claims.getClaim("scope")).contains(SCOPE)
                    || exp.isBefore(Instant.now()) || exp.isAfter(iat.plusSeconds(3600))) {
                return "claims " + claims.toJSONObject();
            }
            return null;
        } catch (Exception e) {
            return "assertion: " + e;
        }
    }

    private void send(HttpExchange exchange) throws IOException {
        try (exchange) {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            String bearer = auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : null;
            if (bearer == null || !issued.contains(bearer)) {
                reply(exchange, Answer.error(401, "UNAUTHENTICATED", "Request had invalid authentication credentials.", null, null));
                return;
            }
            if (!"POST".equals(exchange.getRequestMethod())
                    || !exchange.getRequestURI().getPath().equals("/v1/projects/" + PROJECT + "/messages:send")) {
                reply(exchange, Answer.error(404, "NOT_FOUND", "Requested entity was not found.", null, null));
                return;
            }
            Received message = new Received(JSON.readTree(exchange.getRequestBody().readAllBytes()), bearer);
            received.add(message);
            Queue<Answer> next = script.get(message.deviceToken());
            Answer scripted = next == null ? null : next.poll();
            if (scripted != null) {
                reply(exchange, scripted);
            } else if (unregistered.contains(message.deviceToken())) {
                reply(exchange, Answer.unregistered());
            } else {
                reply(exchange, new Answer(200, JSON.createObjectNode()
                        .put("name", "projects/" + PROJECT + "/messages/" + received.size()).toString(), Map.of()));
            }
        }
    }

    private static void reply(HttpExchange exchange, Answer answer) throws IOException {
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json; charset=UTF-8");
        answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        exchange.sendResponseHeaders(answer.status(), body.length);
        exchange.getResponseBody().write(body);
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    /** From now on {@code deviceToken} is answered {@code UNREGISTERED}, as an app uninstalled. */
    public void unregister(String deviceToken) {
        unregistered.add(deviceToken);
    }

    /** The next sends to {@code deviceToken} get {@code answers}, one each. */
    public void failNext(String deviceToken, Answer... answers) {
        script.computeIfAbsent(deviceToken, t -> new ConcurrentLinkedQueue<>()).addAll(List.of(answers));
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
        return tokenRequests.get();
    }

    /** Why the token endpoint refused assertions, if it did. */
    public List<String> refusedAssertions() {
        return List.copyOf(refusedAssertions);
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
        server.stop(0);
        threads.shutdownNow();
        Files.deleteIfExists(serviceAccountFile);
        Files.delete(dir);
    }
}
