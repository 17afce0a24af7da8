package org.pushserver.socket;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import io.socket.client.IO;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.pushserver.testing.JwtIssuer;
import org.pushserver.testing.RunningServer;
import org.pushserver.testing.ServerExtension;
import org.pushserver.testing.ServerHttp;
import org.pushserver.testing.SocketClient;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * LOGIN_AUTH=jwt with the Java client: each way a token can be wrong is refused with its reason and joins nothing;
 * valid tokens of HS256, RS256 and ES256 keys (PEM and JWKS) log in through user_login, the CONNECT auth payload
 * and the handshake's token parameter.
 */
@DisplayName("JWT logins with the Java client")
class JwtLoginIT {
    static final String SECRET = "jwt-login-it-secret-of-32-bytes!!";
    static final String ISSUER = "https://backend.test";
    static final String AUDIENCE = "push-test";

    @TempDir
    static Path dir;
    /** Signs with {@link #SECRET}; {@link #valid} adds the issuer and audience the hmac server requires. */
    static final JwtIssuer HS256 = JwtIssuer.hmac(JWSAlgorithm.HS256, SECRET);
    private static final JwtIssuer RSA = JwtIssuer.rsa("rsa-key");
    private static final JwtIssuer EC = JwtIssuer.ec("ec-key");
    @RegisterExtension
    static final ServerExtension hmac = ServerExtension.withArgs("--login-auth", "jwt", "--jwt-secret", SECRET,
            "--jwt-issuer", ISSUER, "--jwt-audience", AUDIENCE);
    @RegisterExtension
    static final ServerExtension rsaPem = ServerExtension.withArgs(
            () -> new String[] {"--login-auth", "jwt", "--jwt-public-key-file", RSA.writePem(dir).toString()});
    @RegisterExtension
    static final ServerExtension ecPem = ServerExtension.withArgs(
            () -> new String[] {"--login-auth", "jwt", "--jwt-public-key-file", EC.writePem(dir).toString()});
    @RegisterExtension
    static final ServerExtension jwks = ServerExtension.withArgs(
            () -> new String[] {"--login-auth", "jwt", "--jwks-file", JwtIssuer.writeJwks(dir, RSA, EC).toString()});

    /** A token the hmac server accepts for {@code sub}. */
    static String valid(String sub) {
        return HS256.sign(c -> c.subject(sub).issuer(ISSUER).audience(AUDIENCE));
    }

    /** The bad tokens every client line is tested with: name, token for {@code sub}, reason the client is told. */
    static List<Arguments> badTokens(String sub) {
        Instant now = Instant.now();
        return List.of(
                Arguments.of("expired", HS256.sign(c -> c.subject(sub).issuer(ISSUER).audience(AUDIENCE)
                        .expirationTime(Date.from(now.minusSeconds(120)))), "token expired"),
                Arguments.of("wrongly signed", JwtIssuer.hmac(JWSAlgorithm.HS256, "another-secret-of-more-than-32-bytes")
                        .sign(c -> c.subject(sub).issuer(ISSUER).audience(AUDIENCE)), "bad signature"),
                Arguments.of("wrong audience", HS256.sign(c -> c.subject(sub).issuer(ISSUER).audience("another-service")),
                        "wrong audience"),
                Arguments.of("not yet valid", HS256.sign(c -> c.subject(sub).issuer(ISSUER).audience(AUDIENCE)
                        .notBeforeTime(Date.from(now.plusSeconds(3600)))), "token not yet valid"),
                Arguments.of("missing claim", HS256.sign(c -> c.issuer(ISSUER).audience(AUDIENCE)), "missing room claim"));
    }

    static Stream<Arguments> badTokenCases() {
        return badTokens("java-bad-" + UUID.randomUUID()).stream();
    }

    private static String sub() {
        return "java-jwt-" + UUID.randomUUID();
    }

    private static int reached(ServerHttp server, String token) {
        return server.push(List.of(token), "jwt-check", "1").get("sockets").asInt();
    }

    @ParameterizedTest(name = "over {0}")
    @ValueSource(strings = {"websocket", "polling", "default"})
    @DisplayName("A valid token logs in with user_login and the socket gets its subject's pushes")
    void validTokenLogsIn(String transport) {
        String sub = sub();
        try (SocketClient client = SocketClient.connectOver(hmac.url(), transport)) {
            JsonNode ack = client.loginAs(valid(sub));
            assertTrue(ack.get("ok").asBoolean(), ack::toString);
            assertEquals(sub, ack.get("tokenId").asText(), "the ack names the room, never echoes the token");
            assertEquals(1, reached(hmac, sub));
            assertEquals("jwt-check", client.nextMessage().get("entityType").asText());
        }
    }

    @ParameterizedTest(name = "{0} token: refused with \"{2}\"")
    @MethodSource("badTokenCases")
    @DisplayName("Each bad token is refused with its reason, the socket stays, and a push to its subject reaches nobody")
    void badTokenIsRefused(String name, String token, String reason) {
        String sub = sub();
        try (SocketClient client = SocketClient.connect(hmac.url(), "websocket")) {
            JsonNode ack = client.loginAs(token);
            assertFalse(ack.get("ok").asBoolean(), ack::toString);
            assertEquals(reason, ack.get("error").asText());
            assertTrue(client.connected());
            // the subject of the bad token (and any other) has nobody
            assertEquals(0, reached(hmac, sub));
            assertEquals(0, hmac.push(List.of(name), "x", "1").get("sockets").asInt());
            assertTrue(client.loginAs(valid(sub)).get("ok").asBoolean(), "a valid token still logs in afterwards");
        }
    }

    @Test
    void aRefusedTokenIdSentWithoutAckGetsALoginErrorEvent() throws Exception {
        try (SocketClient client = SocketClient.connect(hmac.url(), "websocket")) {
            CompletableFuture<Object> error = new CompletableFuture<>();
            client.raw().on("login_error", args -> error.complete(args[0]));
            client.raw().emit("user_login", new org.json.JSONObject(Map.of("tokenId", "not-a-jwt")));
            assertEquals("{\"error\":\"malformed token\"}", error.get(10, TimeUnit.SECONDS).toString());
        }
    }

    @Test
    void aRefusedLoginLeavesTheVerifiedLoginInPlace() {
        String sub = sub();
        try (SocketClient client = SocketClient.connect(hmac.url(), "websocket")) {
            assertTrue(client.loginAs(valid(sub)).get("ok").asBoolean());
            String expiredOther = (String) badTokens(sub()).get(0).get()[1];
            assertEquals("token expired", client.loginAs(expiredOther).get("error").asText());
            assertEquals(1, reached(hmac, sub));
        }
    }

    @Test
    void aRepeatedIdenticalLoginChangesNothing() {
        String sub = sub();
        String token = valid(sub);
        try (SocketClient client = SocketClient.connect(hmac.url(), "websocket")) {
            assertTrue(client.loginAs(token).get("ok").asBoolean());
            assertTrue(client.loginAs(token).get("ok").asBoolean());
            assertEquals(1, reached(hmac, sub), "one socket, one delivery");
            client.nextMessage();
            assertEquals(0, client.pending());
        }
    }

    @Test
    void theConnectAuthPayloadLogsInBeforeTheConnectCompletes() {
        String sub = sub();
        IO.Options options = SocketClient.options();
        options.transports = new String[] {"websocket"};
        options.auth = Map.of("token", valid(sub));
        try (SocketClient client = SocketClient.connect(hmac.url(), options)) {
            assertEquals(1, reached(hmac, sub), "logged in as soon as connected");
            assertEquals("jwt-check", client.nextMessage().get("entityType").asText());
        }
    }

    @Test
    void aRefusedConnectAuthPayloadIsAConnectErrorWithTheReason() {
        String sub = sub();
        IO.Options options = SocketClient.options();
        options.auth = Map.of("tokenId", HS256.sign(c -> c.subject(sub).issuer("https://someone-else").audience(AUDIENCE)));
        AssertionError refused = assertThrows(AssertionError.class, () -> SocketClient.connect(hmac.url(), options));
        assertTrue(refused.getMessage().contains("wrong issuer"), refused.getMessage());
        assertEquals(0, reached(hmac, sub));
    }

    @Test
    void aTokenQueryParameterLogsInAtTheHandshake() {
        String sub = sub();
        IO.Options options = SocketClient.options();
        options.query = "token=" + URLEncoder.encode(valid(sub), StandardCharsets.UTF_8);
        try (SocketClient client = SocketClient.connect(hmac.url(), options)) {
            assertEquals(1, reached(hmac, sub));
            assertEquals("jwt-check", client.nextMessage().get("entityType").asText());
        }
    }

    @Test
    void aRefusedTokenQueryParameterRefusesTheHandshake() {
        String sub = sub();
        IO.Options options = SocketClient.options();
        options.query = "token=" + URLEncoder.encode((String) badTokens(sub).get(0).get()[1], StandardCharsets.UTF_8);
        assertThrows(AssertionError.class, () -> SocketClient.connect(hmac.url(), options));
        assertEquals(0, reached(hmac, sub));
    }

    static Stream<Arguments> publicKeyServers() {
        return Stream.of(
                Arguments.of("RS256, PEM public key", rsaPem, RSA, EC),
                Arguments.of("ES256, PEM public key", ecPem, EC, RSA),
                Arguments.of("RS256, JWKS file", jwks, RSA, JwtIssuer.rsa("rsa-key")),
                Arguments.of("ES256, JWKS file", jwks, EC, JwtIssuer.ec("ec-key")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("publicKeyServers")
    @DisplayName("Tokens signed with the configured private key log in; tokens of another key are refused")
    void publicKeyLogins(String name, ServerHttp target, JwtIssuer signer, JwtIssuer stranger) {
        String sub = sub();
        try (SocketClient client = SocketClient.connect(target.url(), "websocket")) {
            assertEquals("bad signature", client.loginAs(stranger.token(sub)).get("error").asText());
            assertEquals(0, reached(target, sub));
            JsonNode ack = client.loginAs(signer.token(sub));
            assertTrue(ack.get("ok").asBoolean(), ack::toString);
            assertEquals(1, reached(target, sub));
            // an HMAC token, even one keyed with a real secret, never passes against a public key
            assertEquals("bad signature", client.loginAs(HS256.token(sub + "-x")).get("error").asText());
        }
    }

    @Test
    void refusalsAreCountedByReason() {
        try (SocketClient client = SocketClient.connect(hmac.url(), "websocket")) {
            client.loginAs("garbage");
        }
        String metrics = hmac.get("/metrics").body();
        assertTrue(metrics.contains("pushserver_login_refusals_total{reason=\"malformed\"}"), metrics);
        assertTrue(metrics.contains("pushserver_logins_total{result=\"rejected\"}"), metrics);
    }

    @Test
    void unverifiedModeIgnoresConnectionCredentialsAsBefore() {
        try (RunningServer trusted = RunningServer.start()) {
            String sub = sub();
            IO.Options options = SocketClient.options();
            options.auth = Map.of("token", sub);
            options.query = "token=" + sub;
            try (SocketClient client = SocketClient.connect(trusted.url(), options)) {
                assertEquals(0, reached(trusted, sub), "LOGIN_AUTH=none: only user_login logs in");
                assertTrue(client.loginAs(sub).get("ok").asBoolean());
                assertEquals(1, reached(trusted, sub));
            }
        }
    }
}
