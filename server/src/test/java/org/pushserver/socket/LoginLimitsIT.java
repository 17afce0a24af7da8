package org.pushserver.socket;

import com.fasterxml.jackson.databind.JsonNode;
import io.socket.client.Socket;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pushserver.testing.Await;
import org.pushserver.testing.RawWebSocket;
import org.pushserver.testing.ServerExtension;
import org.pushserver.testing.ServerHttp;
import org.pushserver.testing.SocketClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The per-socket login limits, each hit and recovered from: MAX_LOGIN_FAILURES (the socket is disconnected, a new one
 * logs in), LOGINS_PER_MINUTE (refused until the allowance refills) and MAX_SOCKETS_PER_TOKEN (refused until one of
 * the token's sockets leaves).
 */
@DisplayName("Login limits per socket and per token")
class LoginLimitsIT {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.withArgs("--login-auth", "jwt", "--jwt-secret", JwtLoginIT.SECRET,
            "--max-login-failures", "3", "--max-sockets-per-token", "2");
    /** 60 logins per minute = one more per second once used up; failures high enough not to interfere. */
    @RegisterExtension
    static final ServerExtension rateServer = ServerExtension.withArgs("--login-auth", "jwt", "--jwt-secret", JwtLoginIT.SECRET,
            "--logins-per-minute", "60", "--max-login-failures", "1000");

    private static String token(String sub) {
        return JwtLoginIT.HS256.token(sub);
    }

    private static String sub() {
        return "limits-" + UUID.randomUUID();
    }

    private static int reached(ServerHttp target, String sub) {
        return target.push(List.of(sub), "limits", "1").get("sockets").asInt();
    }

    @Test
    void aSocketIsDisconnectedAtItsThirdRefusedLoginAndANewSocketLogsIn() throws Exception {
        try (SocketClient client = SocketClient.connect(server.url(), "websocket")) {
            CompletableFuture<Object> disconnected = new CompletableFuture<>();
            client.raw().on(Socket.EVENT_DISCONNECT, args -> disconnected.complete(args.length > 0 ? args[0] : null));
            assertEquals("malformed token", client.loginAs("bad-1").get("error").asText());
            assertEquals("malformed token", client.loginAs("bad-2").get("error").asText());
            assertTrue(client.connected(), "two refusals are allowed");
            JsonNode third = client.loginAs("bad-3");
            assertEquals("malformed token", third.get("error").asText(), "the third refusal is still answered");
            disconnected.get(10, TimeUnit.SECONDS);
            assertFalse(client.connected());
        }
        String sub = sub();
        try (SocketClient fresh = SocketClient.connect(server.url(), "websocket")) {
            assertTrue(fresh.loginAs(token(sub)).get("ok").asBoolean(), "the limit is per socket");
            assertEquals(1, reached(server, sub));
        }
        assertTrue(counter(server, "pushserver_login_failure_disconnects_total") >= 1);
    }

    @Test
    void aConnectionRepeatingARefusedConnectAuthPayloadIsClosedAtTheLimit() throws Exception {
        // Real clients close the connection after a connect_error; one that keeps sending CONNECTs is still bounded.
        try (RawWebSocket raw = RawWebSocket.open(server)) {
            for (int i = 1; i <= 3; i++) {
                raw.send("40{\"token\":\"not-a-jwt\"}");
                assertEquals("44{\"message\":\"malformed token\"}", raw.expect("44"), "refusal " + i);
            }
            assertTrue(raw.closedWithin(Duration.ofSeconds(10)), "the connection outlived its third refused CONNECT");
        }
    }

    @Test
    void loginsBeyondThePerMinuteAllowanceAreRefusedUntilItRefills() throws Exception {
        String sub = sub();
        String jwt = token(sub);
        try (SocketClient client = SocketClient.connect(rateServer.url(), "websocket")) {
            // 60 at once use the minute's allowance; the next is refused
            List<CompletableFuture<JsonNode>> acks = new ArrayList<>();
            for (int i = 0; i < 61; i++) {
                acks.add(client.loginAsync(jwt));
            }
            for (int i = 0; i < 60; i++) {
                assertTrue(acks.get(i).get(10, TimeUnit.SECONDS).get("ok").asBoolean(), "login " + i);
            }
            JsonNode refused = acks.get(60).get(10, TimeUnit.SECONDS);
            assertEquals("too many logins", refused.get("error").asText(), refused::toString);
            assertEquals(1, reached(rateServer, sub), "the accepted login stays");

            // the allowance refills by one a second
            Duration took = Await.await("a login is accepted again", Duration.ofSeconds(5),
                    () -> client.loginAs(jwt).get("ok").asBoolean());
            assertTrue(took.toMillis() > 200, "refused for a while first: " + took);
        }
        assertTrue(rateServer.get("/metrics").body().contains("pushserver_login_refusals_total{reason=\"too_many_logins\"}"));
    }

    /** The value of an untagged counter in /metrics. */
    private static double counter(ServerHttp target, String name) {
        return target.get("/metrics").body().lines().filter(l -> l.startsWith(name + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(name.length() + 1))).findFirst().orElse(0);
    }

    @Test
    void aThirdSocketOfATokenIsRefusedUntilOneOfTheOthersLeaves() {
        String sub = sub();
        try (SocketClient first = SocketClient.connect(server.url(), "websocket");
             SocketClient second = SocketClient.connect(server.url(), "websocket");
             SocketClient third = SocketClient.connect(server.url(), "websocket")) {
            assertTrue(first.loginAs(token(sub)).get("ok").asBoolean());
            assertTrue(second.loginAs(token(sub)).get("ok").asBoolean());
            assertEquals("too many sockets for this token", third.loginAs(token(sub)).get("error").asText());
            assertEquals(2, reached(server, sub));

            assertTrue(first.logout().get("ok").asBoolean());
            assertTrue(third.loginAs(token(sub)).get("ok").asBoolean(), "a logout frees a place");
            assertEquals("too many sockets for this token", first.loginAs(token(sub)).get("error").asText());

            second.close();
            Await.await("a disconnect frees a place", Duration.ofSeconds(10),
                    () -> first.loginAs(token(sub)).get("ok").asBoolean());
            assertEquals(2, reached(server, sub));
        }
    }
}
