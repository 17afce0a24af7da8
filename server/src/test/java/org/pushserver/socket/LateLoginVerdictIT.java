package org.pushserver.socket;

import com.fasterxml.jackson.databind.JsonNode;
import io.socket.client.IO;
import io.socket.client.Socket;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pushserver.auth.LoginVerdict;
import org.pushserver.auth.LoginVerifier;
import org.pushserver.testing.Await;
import org.pushserver.testing.ServerExtension;
import org.pushserver.testing.SocketClient;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Verdicts that come later, on another thread (as a webhook's do), through a test verifier whose verdicts the test
 * releases: applied when they come, the latest attempt wins, nothing happens for a socket already gone, and
 * credentials sent with the connection let it through first and act when their verdict comes.
 */
@DisplayName("Login verdicts that come later")
class LateLoginVerdictIT {
    private static final HeldLogin HELD = new HeldLogin();
    /** jwt so that connection credentials are read; the held verifier replaces the JWT check. */
    @RegisterExtension
    static final ServerExtension server = ServerExtension.withArgs("--login-auth", "jwt", "--jwt-secret", JwtLoginIT.SECRET)
            .loginVerifier(HELD);

    /**
     * Each credential's verdict waits until the test releases it: it then completes on the test's thread, not the
     * connection's event loop, and the server's handling of it has run when {@link #release} returns.
     */
    static final class HeldLogin implements LoginVerifier {
        private final Map<String, CompletableFuture<LoginVerdict>> pending = new ConcurrentHashMap<>();

        @Override
        public CompletableFuture<LoginVerdict> verify(String credential) {
            return future(credential);
        }

        private CompletableFuture<LoginVerdict> future(String credential) {
            return pending.computeIfAbsent(credential, c -> new CompletableFuture<>());
        }

        /** Completes the verification of {@code credential} (now or when it is asked for). */
        void release(String credential, LoginVerdict verdict) {
            future(credential).complete(verdict);
        }

        /** Waits until the server asked about {@code credential}. */
        void awaitAsked(String credential) {
            Await.await("the server asks about " + credential, Duration.ofSeconds(10), () -> pending.containsKey(credential));
        }
    }

    private static String name(String what) {
        return what + "-" + UUID.randomUUID();
    }

    private static int reached(String room) {
        return server.push(List.of(room), "late", "1").get("sockets").asInt();
    }

    @Test
    void aVerdictThatComesLaterJoinsAndAnswersTheAckThen() throws Exception {
        String credential = name("cred");
        String room = name("room");
        try (SocketClient client = SocketClient.connect(server.url(), "websocket")) {
            CompletableFuture<JsonNode> ack = client.loginAsync(credential);
            HELD.awaitAsked(credential);
            assertFalse(ack.isDone(), "no ack before the verdict (netty-socketio must not ack on its own)");
            assertEquals(0, reached(room));
            HELD.release(credential, LoginVerdict.accepted(room));
            JsonNode answer = ack.get(10, TimeUnit.SECONDS);
            assertTrue(answer.get("ok").asBoolean(), answer::toString);
            assertEquals(room, answer.get("tokenId").asText());
            assertEquals(1, reached(room));
        }
    }

    @Test
    void theLatestAttemptWinsWhenAnEarlierVerdictComesLast() throws Exception {
        String first = name("first");
        String second = name("second");
        try (SocketClient client = SocketClient.connect(server.url(), "websocket")) {
            CompletableFuture<JsonNode> firstAck = client.loginAsync(first);
            HELD.awaitAsked(first);
            CompletableFuture<JsonNode> secondAck = client.loginAsync(second);
            HELD.awaitAsked(second);
            HELD.release(second, LoginVerdict.accepted("room-" + second));
            assertTrue(secondAck.get(10, TimeUnit.SECONDS).get("ok").asBoolean());
            HELD.release(first, LoginVerdict.accepted("room-" + first));
            JsonNode stale = firstAck.get(10, TimeUnit.SECONDS);
            assertEquals("superseded by a later login", stale.get("error").asText(), stale::toString);
            assertEquals(0, reached("room-" + first));
            assertEquals(1, reached("room-" + second));
        }
    }

    @Test
    void aLateRefusalLeavesTheVerifiedLoginInPlace() throws Exception {
        String good = name("good");
        String bad = name("bad");
        HELD.release(good, LoginVerdict.accepted("room-" + good));
        try (SocketClient client = SocketClient.connect(server.url(), "websocket")) {
            assertTrue(client.loginAs(good).get("ok").asBoolean());
            CompletableFuture<JsonNode> refused = client.loginAsync(bad);
            HELD.awaitAsked(bad);
            HELD.release(bad, LoginVerdict.refused("the backend says no"));
            assertEquals("the backend says no", refused.get(10, TimeUnit.SECONDS).get("error").asText());
            assertEquals(1, reached("room-" + good));
        }
    }

    @Test
    void aVerdictForASocketAlreadyGoneDoesNothing() {
        String credential = name("gone");
        String room = name("room");
        SocketClient client = SocketClient.connect(server.url(), "websocket");
        client.loginAsync(credential);
        HELD.awaitAsked(credential);
        client.close();
        Await.await("the server sees the socket leave", Duration.ofSeconds(10),
                () -> server.get("/health").body().contains("\"connections\":0"));
        HELD.release(credential, LoginVerdict.accepted(room)); // the server has handled it when this returns
        assertEquals(0, reached(room), "the verdict joined nothing");
    }

    @Test
    void aConnectAuthVerdictThatComesLaterLetsTheConnectThroughThenJoins() {
        String credential = name("auth");
        String room = name("room");
        IO.Options options = SocketClient.options();
        options.transports = new String[] {"websocket"};
        options.auth = Map.of("token", credential);
        try (SocketClient client = SocketClient.connect(server.url(), options)) {
            assertEquals(0, reached(room), "connected, not joined yet");
            HELD.release(credential, LoginVerdict.accepted(room));
            Await.await("the late verdict joins the room", Duration.ofSeconds(10), () -> reached(room) == 1);
            assertEquals("late", client.nextMessage().get("entityType").asText());
        }
    }

    @Test
    void aConnectAuthRefusalThatComesLaterIsALoginErrorThenADisconnect() throws Exception {
        String credential = name("auth-refused");
        IO.Options options = SocketClient.options();
        options.transports = new String[] {"websocket"};
        options.auth = Map.of("token", credential);
        try (SocketClient client = SocketClient.connect(server.url(), options)) {
            CompletableFuture<Object> error = new CompletableFuture<>();
            CompletableFuture<Object> disconnected = new CompletableFuture<>();
            client.raw().on("login_error", args -> error.complete(args[0]));
            client.raw().on(Socket.EVENT_DISCONNECT, args -> disconnected.complete(args.length > 0 ? args[0] : null));
            HELD.release(credential, LoginVerdict.refused("unknown session"));
            assertEquals("{\"error\":\"unknown session\"}", error.get(10, TimeUnit.SECONDS).toString());
            disconnected.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aHandshakeTokenVerdictThatComesLaterJoinsOnceItComes() {
        String credential = name("query");
        String room = name("room");
        IO.Options options = SocketClient.options();
        options.query = "token=" + credential;
        try (SocketClient client = SocketClient.connect(server.url(), options)) {
            HELD.awaitAsked(credential);
            assertEquals(0, reached(room));
            HELD.release(credential, LoginVerdict.accepted(room));
            Await.await("the late verdict joins the room", Duration.ofSeconds(10), () -> reached(room) == 1);
        }
    }
}
