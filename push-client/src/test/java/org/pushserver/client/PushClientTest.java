package org.pushserver.client;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pushserver.testing.ServerExtension;
import org.pushserver.testing.SocketClient;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each call of the SDK against the real server (protected mode: loopback callers need no key). */
class PushClientTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.withArgs();

    private static PushClient client() {
        return PushClient.builder().baseUrls(server.url() + "/").build();
    }

    @Test
    void aPushReachesItsTokensSocketsAndAnswersWhoWasOnline() {
        try (SocketClient socket = SocketClient.connect(server.url(), "websocket")) {
            socket.loginAs("u-17");
            PushResult result = client().pushSync(Push.to("u-17", "u-18").type("like").data(Map.of("postId", 9)));

            JsonNode message = socket.nextMessage();
            assertEquals("like", message.get("entityType").asText());
            assertEquals(9, message.get("data").get("postId").asInt());
            assertNotNull(result.id());
            assertEquals(1, result.sockets());
            assertEquals(List.of("u-17"), result.online());
            assertEquals(List.of("u-18"), result.offline());
            assertFalse(result.replayed());
        }
    }

    @Test
    void aPushWithATtlIsQueuedAndItsFateAndHistoryCanBeRead() {
        PushClient client = client();
        PushResult result = client.pushSync(Push.to("u-ttl").type("note").data(Map.of("n", 1))
                .ttl(Duration.ofMinutes(5)));
        assertEquals(List.of("u-ttl"), result.queued());

        MessageFate fate = client.message(result.id()).join();
        assertEquals(result.id(), fate.id());
        assertEquals("pending", fate.of("u-ttl"));

        History history = client.history("u-ttl", null).join();
        assertTrue(history.messages().stream().anyMatch(m -> m.id().equals(result.id()) && m.type().equals("note")
                && m.data().get("n").asInt() == 1), "history holds the push");
    }

    @Test
    void presenceSaysWhichTokensHaveASocket() {
        try (SocketClient socket = SocketClient.connect(server.url(), "websocket")) {
            socket.loginAs("u-here");
            Presence presence = client().online(List.of("u-here", "u-away")).join();
            assertTrue(presence.isOnline("u-here"));
            assertEquals(1, presence.sockets("u-here"));
            assertFalse(presence.isOnline("u-away"));
        }
    }

    @Test
    void aBroadcastReachesEveryLoggedInSocket() {
        try (SocketClient socket = SocketClient.connect(server.url(), "websocket")) {
            socket.loginAs("u-any");
            PushResult result = client().broadcast("maintenance", Map.of("at", "22:00")).join();
            JsonNode message = socket.nextMessage();
            assertEquals("maintenance", message.get("entityType").asText());
            assertEquals("22:00", message.get("data").get("at").asText());
            assertNotNull(result.id());
        }
    }

    @Test
    void aNotificationAndItsModeAreSentAsTheServerExpectsThem() {
        try (SocketClient socket = SocketClient.connect(server.url(), "websocket")) {
            socket.loginAs("u-n");
            PushResult result = client().pushSync(Push.to("u-n").type("like")
                    .notification(Notification.of("New like", "Ann liked your post").badge(3).sound("default")
                            .collapseKey("likes").data(Map.of("postId", 9)))
                    .mobile("offline"));
            assertEquals(1, result.sockets()); // a server without mobile push ignores the fields
            assertEquals("like", socket.nextMessage().get("entityType").asText());
        }
    }
}
