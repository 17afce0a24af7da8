package org.pushserver.testing;

import com.eatthepath.pushy.apns.auth.ApnsVerificationKey;
import com.eatthepath.pushy.apns.server.MockApnsServer;
import com.eatthepath.pushy.apns.server.MockApnsServerBuilder;
import com.eatthepath.pushy.apns.server.MockApnsServerListener;
import com.eatthepath.pushy.apns.server.PushNotificationHandler;
import com.eatthepath.pushy.apns.server.PushNotificationHandlerFactory;
import com.eatthepath.pushy.apns.server.RejectedNotificationException;
import com.eatthepath.pushy.apns.server.RejectionReason;
import com.eatthepath.pushy.apns.server.ValidatingPushNotificationHandlerFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http2.Http2Headers;
import org.pushserver.config.mobile.ApnsConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Apple's push service for the tests: Pushy's {@link MockApnsServer} on a free loopback port, over TLS (a self-signed
 * certificate for 127.0.0.1) and HTTP/2, with Pushy's validating handler: it checks the provider token's signature
 * against the public half of the .p8 key it made, the topic, and that the device token is one it issued
 * ({@link #deviceToken()}); an unknown token is {@code DeviceTokenNotForTopic}, a malformed one {@code BadDeviceToken}.
 * It records every notification it answered ({@link #received()}) and can be scripted to reject a device's next
 * sends ({@link #failNext}). Use it through {@code ResourceExtension.of(ApnsMockServer::start)}.
 */
public final class ApnsMockServer implements AutoCloseable {
    public static final String TOPIC = "org.pushserver.demo";
    public static final String KEY_ID = "KEYID00001";
    public static final String TEAM_ID = "TEAMID0001";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PATH_PREFIX = "/3/device/";

    /**
     * A notification the server answered.
     *
     * @param deviceToken where it went
     * @param headers     its HTTP/2 headers (lower-case names, pseudo-headers included)
     * @param payload     its JSON payload
     * @param rejection   why it was refused ({@code BAD_DEVICE_TOKEN}...), or null when accepted
     */
    public record Received(String deviceToken, Map<String, String> headers, JsonNode payload, RejectionReason rejection) {
        public boolean accepted() {
            return rejection == null;
        }
    }

    private final SecureRandom random = new SecureRandom();
    private final Set<String> tokens = ConcurrentHashMap.newKeySet();
    private final Map<String, Instant> unregistered = new ConcurrentHashMap<>();
    private final Map<String, Queue<RejectionReason>> script = new ConcurrentHashMap<>();
    private final Queue<Received> received = new ConcurrentLinkedQueue<>();
    private final Path dir;
    private final Path keyFile;
    private final Path certFile;
    private final MockApnsServer server;
    private final int port;

    private ApnsMockServer(Path dir) throws Exception {
        this.dir = dir;
        TestCertificate tls = TestCertificate.generate(dir, "apns");
        certFile = tls.certPem();
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair signing = generator.generateKeyPair();
        keyFile = dir.resolve("AuthKey_" + KEY_ID + ".p8");
        Files.writeString(keyFile, TestCertificate.pem("PRIVATE KEY", signing.getPrivate().getEncoded()), StandardCharsets.US_ASCII);
        ApnsVerificationKey verification = new ApnsVerificationKey(KEY_ID, TEAM_ID, (ECPublicKey) signing.getPublic());
        ValidatingPushNotificationHandlerFactory validating = new ValidatingPushNotificationHandlerFactory(
                Map.of(TOPIC, tokens), unregistered, Map.of(KEY_ID, verification), Map.of(verification, Set.of(TOPIC)));
        server = new MockApnsServerBuilder()
                .setServerCredentials(certFile.toFile(), tls.keyPem().toFile(), null)
                .setHandlerFactory(scripted(validating))
                .setListener(new Recorder())
                .build();
        port = server.start(0).get(30, TimeUnit.SECONDS);
    }

    /** Starts one on a free loopback port, with its certificate and signing key in a directory of its own. */
    public static ApnsMockServer start() throws Exception {
        Path dir = Files.createTempDirectory("apns-mock");
        try {
            return new ApnsMockServer(dir);
        } catch (Exception | Error e) {
            delete(dir);
            throw e;
        }
    }

    /** Rejections first from the script of the device, then Apple's own checks. */
    private PushNotificationHandlerFactory scripted(PushNotificationHandlerFactory validating) {
        return session -> {
            PushNotificationHandler checks = validating.buildHandler(session);
            return (headers, payload) -> {
                Queue<RejectionReason> next = script.get(tokenOf(headers));
                RejectionReason reason = next == null ? null : next.poll();
                if (reason != null) {
                    throw new RejectedNotificationException(reason);
                }
                checks.handlePushNotification(headers, payload);
            };
        };
    }

    /** A new valid device token of {@link #TOPIC}. */
    public String deviceToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = HexFormat.of().formatHex(bytes);
        tokens.add(token);
        return token;
    }

    /** From now on {@code token} is answered {@code 410 Unregistered}, as an app uninstalled. */
    public void unregister(String token) {
        unregistered.put(token, Instant.now());
    }

    /** The next sends to {@code token} are rejected with {@code reasons}, one each, before the normal checks. */
    public void failNext(String token, RejectionReason... reasons) {
        script.computeIfAbsent(token, t -> new ConcurrentLinkedQueue<>()).addAll(List.of(reasons));
    }

    /** Everything answered so far, in order. */
    public List<Received> received() {
        return List.copyOf(received);
    }

    /** The accepted notifications to {@code token}, in order. */
    public List<Received> accepted(String token) {
        return received.stream().filter(r -> r.accepted() && r.deviceToken().equals(token)).collect(Collectors.toList());
    }

    /** The provider's settings for this server (sandbox off, the server's address, its certificate trusted). */
    public ApnsConfig config() {
        return new ApnsConfig(keyFile, KEY_ID, TEAM_ID, TOPIC, false, "127.0.0.1:" + port, certFile);
    }

    /** The same settings as the server's command-line flags. */
    public String[] args() {
        return new String[] {"--apns-key-file", keyFile.toString(), "--apns-key-id", KEY_ID, "--apns-team-id", TEAM_ID,
                "--apns-topic", TOPIC, "--apns-server", "127.0.0.1:" + port, "--apns-trust-cert-file", certFile.toString()};
    }

    public int port() {
        return port;
    }

    @Override
    public void close() throws Exception {
        try {
            server.shutdown().get(30, TimeUnit.SECONDS);
        } finally {
            delete(dir);
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.delete(file);
            }
        }
        Files.delete(dir);
    }

    private static String tokenOf(Http2Headers headers) {
        CharSequence path = headers.path();
        String p = path == null ? "" : path.toString();
        return p.startsWith(PATH_PREFIX) ? p.substring(PATH_PREFIX.length()) : p;
    }

    /** Copies what arrived: Pushy releases the buffers after the listener returns. */
    private final class Recorder implements MockApnsServerListener {
        @Override
        public void handlePushNotificationAccepted(Http2Headers headers, ByteBuf payload) {
            record(headers, payload, null);
        }

        @Override
        public void handlePushNotificationRejected(Http2Headers headers, ByteBuf payload, RejectionReason reason,
                                                   Instant expiredAt) {
            record(headers, payload, reason);
        }

        private void record(Http2Headers headers, ByteBuf payload, RejectionReason rejection) {
            Map<String, String> copy = new HashMap<>();
            headers.forEach(h -> copy.put(h.getKey().toString(), h.getValue().toString()));
            JsonNode json;
            try {
                json = payload == null ? null : JSON.readTree(payload.toString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            received.add(new Received(tokenOf(headers), Map.copyOf(copy), json, rejection));
        }
    }
}
