package org.pushserver.socket;

import org.pushserver.testing.ServerHttp;
import org.pushserver.testing.SocketClient;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Scenarios that JavaClientIT (client 2.x) and JavaClientV1IT (client 1.x) both run, each with its own client line. */
final class JavaClientScenarios {
    private JavaClientScenarios() {
    }

    /**
     * Two sockets of {@code token} (one upgraded from polling, one websocket only) each get exactly one copy of a push
     * to {@code firstPush}, which names {@code token} once or more; a marker push proves no second copy was on its way.
     */
    static void twoTabsGetOneCopyEach(ServerHttp server, String token, List<String> firstPush) {
        try (SocketClient tab1 = SocketClient.connectOver(server.url(), "default");
             SocketClient tab2 = SocketClient.connectOver(server.url(), "websocket")) {
            assertTrue(tab1.loginAs(token).get("ok").asBoolean());
            assertTrue(tab2.loginAs(token).get("ok").asBoolean());
            assertEquals(2, server.push(firstPush, "news", "1").get("sockets").asInt());
            for (SocketClient tab : List.of(tab1, tab2)) {
                assertEquals("news", tab.nextMessage().get("entityType").asText());
            }
            server.push(List.of(token), "marker", "null");
            for (SocketClient tab : List.of(tab1, tab2)) {
                assertEquals("marker", tab.nextMessage().get("entityType").asText(), "a second copy arrived before the marker");
            }
        }
    }
}
