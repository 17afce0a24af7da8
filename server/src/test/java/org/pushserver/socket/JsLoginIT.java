package org.pushserver.socket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.pushserver.testing.JwtIssuer;
import org.pushserver.testing.NodeScript;
import org.pushserver.testing.ServerExtension;
import org.pushserver.testing.ServerHttp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * LOGIN_AUTH=jwt with the Node socket.io clients (2.x, 3.x, 4.x) run by {@code src/test/js/login.js}: a valid token
 * and each bad one (expired, wrongly signed, wrong audience, not yet valid, no room claim), sent with
 * {@code user_login} by every line, as the handshake's {@code ?token=} by 2.x (and 4.x), and as the CONNECT's
 * {@code auth} by 3.x and 4.x. A refusal reaches the client with its reason and a push to the subject reaches nobody.
 */
@DisplayName("JWT logins with the Node socket.io clients")
class JsLoginIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long SCRIPT_TIMEOUT_SECONDS = 60;

    @TempDir
    static Path dir;
    private static final JwtIssuer RSA = JwtIssuer.rsa("rsa-js");
    private static final JwtIssuer EC = JwtIssuer.ec("ec-js");
    @RegisterExtension
    static final ServerExtension hmac = ServerExtension.withArgs("--login-auth", "jwt", "--jwt-secret", JwtLoginIT.SECRET,
            "--jwt-issuer", JwtLoginIT.ISSUER, "--jwt-audience", JwtLoginIT.AUDIENCE);
    @RegisterExtension
    static final ServerExtension jwks = ServerExtension.withArgs(
            () -> new String[] {"--login-auth", "jwt", "--jwks-file", JwtIssuer.writeJwks(dir, RSA, EC).toString()});

    @BeforeAll
    static void start() throws Exception {
        NodeScript.requireNode("JsLoginIT");
    }

    /** One login to try: how it is sent, the token, the room it names, and the refusal reason (null: accepted). */
    private record Case(String name, String via, String credential, String room, String reason) {
        Map<String, String> json() {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("name", name);
            m.put("via", via);
            m.put("credential", credential);
            m.put("room", room);
            return m;
        }
    }

    static Stream<Arguments> linesAndTransports() {
        return Stream.of(Arguments.of("2.0.3", "websocket"), Arguments.of("2.5.0", "websocket"), Arguments.of("2.5.0", "polling"),
                Arguments.of("3.1.3", "websocket"), Arguments.of("4.8.1", "websocket"), Arguments.of("4.8.1", "polling"));
    }

    /** The ways line {@code line} can send a credential. */
    private static List<String> vias(String line) {
        return line.startsWith("2.") ? List.of("user_login", "query") : List.of("user_login", "auth");
    }

    @ParameterizedTest(name = "socket.io-client {0} over {1}")
    @MethodSource("linesAndTransports")
    @DisplayName("Each client line logs in with a valid JWT and is told why each bad one is refused")
    void clientLine(String line, String transport) throws Exception {
        List<Case> cases = new ArrayList<>();
        for (String via : vias(line)) {
            String sub = sub(line, via);
            cases.add(new Case(via + " valid", via, JwtLoginIT.valid(sub), sub, null));
            for (Arguments bad : JwtLoginIT.badTokens(sub)) {
                Object[] a = bad.get();
                cases.add(new Case(via + " " + a[0], via, (String) a[1], sub, (String) a[2]));
            }
        }
        String expiredSub = sub(line, "noack");
        cases.add(new Case("user_login without ack, expired", "user_login_noack",
                (String) JwtLoginIT.badTokens(expiredSub).get(0).get()[1], expiredSub, "token expired"));
        if (line.startsWith("4.")) { // the query parameter is accepted from any line
            String sub = sub(line, "query");
            cases.add(new Case("query valid", "query", JwtLoginIT.valid(sub), sub, null));
        }
        verify(run(hmac, line, transport, cases), cases);
    }

    @Test
    @DisplayName("socket.io-client 4.8.1 logs in with RS256 and ES256 tokens of a JWKS file, and a stranger's token is refused")
    void publicKeysFromAJwksFile() throws Exception {
        List<Case> cases = new ArrayList<>();
        for (JwtIssuer signer : new JwtIssuer[] {RSA, EC}) {
            String sub = sub("4.8.1", "jwks");
            cases.add(new Case("auth valid " + signer, "auth", signer.token(sub), sub, null));
            cases.add(new Case("user_login valid " + signer, "user_login", signer.token(sub), sub, null));
        }
        String sub = sub("4.8.1", "stranger");
        cases.add(new Case("auth stranger", "auth", JwtIssuer.rsa("rsa-js").token(sub), sub, "bad signature"));
        verify(run(jwks, "4.8.1", "websocket", cases), cases);
    }

    private static String sub(String line, String via) {
        return "js-" + line + "-" + via + "-" + UUID.randomUUID();
    }

    private static JsonNode run(ServerHttp target, String line, String transport, List<Case> cases) throws Exception {
        Path file = Files.writeString(dir.resolve("cases-" + UUID.randomUUID() + ".json"),
                JSON.writeValueAsString(cases.stream().map(Case::json).toList()));
        List<String> command = List.of(NodeScript.node(), "login.js", "--url", target.url(), "--line", line,
                "--transport", transport, "--cases", file.toString(), "--timeout-ms", "50000");
        NodeScript.Result r = NodeScript.run(command, SCRIPT_TIMEOUT_SECONDS);
        assertEquals(0, r.exitCode(), () -> "login.js failed (" + line + " " + transport + "):\n" + r.output());
        String last = r.output().strip().lines().reduce((a, b) -> b).orElse("");
        System.out.println("login.js " + line + " " + transport + ": " + last);
        JsonNode summary = JSON.readTree(last);
        assertEquals(cases.size(), summary.get("results").size(), last);
        return summary.get("results");
    }

    private static void verify(JsonNode results, List<Case> cases) {
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            JsonNode r = results.get(i);
            String what = c.name + ": " + r;
            if (c.reason == null) {
                assertTrue(r.get("connected").asBoolean(), what);
                if (c.via.equals("user_login")) {
                    assertTrue(r.get("ack").get("ok").asBoolean(), what);
                    assertEquals(c.room, r.get("ack").get("tokenId").asText(), what);
                }
                assertEquals(1, r.get("sockets").asInt(), what);
                assertEquals("js-login", r.get("received").asText(), what);
                continue;
            }
            assertEquals(0, r.get("sockets").asInt(), "a push after a refused login reaches nobody: " + what);
            switch (c.via) {
                case "user_login" -> {
                    assertFalse(r.get("ack").get("ok").asBoolean(), what);
                    assertEquals(c.reason, r.get("ack").get("error").asText(), what);
                }
                case "user_login_noack" -> assertEquals(c.reason, r.get("loginError").get("error").asText(), what);
                case "auth" -> {
                    assertFalse(r.get("connected").asBoolean(), what);
                    assertEquals(c.reason, r.get("connectError").asText(), "connect_error carries the reason: " + what);
                }
                case "query" -> { // the handshake is refused with a 401: the client sees a transport error, no reason
                    assertFalse(r.get("connected").asBoolean(), what);
                    assertNotNull(r.get("connectError"), what);
                }
                default -> throw new AssertionError("unknown via " + c.via);
            }
        }
    }
}
