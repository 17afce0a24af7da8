package org.pushserver.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.pushserver.demo.chat.ChatBackend;

/**
 * The chat sample end to end in headless Chromium: two tabs of the demo page, logged in as two users, chat in both
 * directions through the real server (a process started with client events on) and the chat sample's backend; the
 * lines arrive in order, and a tab that reloads gets the conversation back from the backend's history.
 */
class ChatPageIT {
    private static final String SECRET = "chat-page-test-secret-0001";
    private static ChatBackend backend;
    private static ServerProcess server;
    private static Chromium chromium;
    private static WebDriver driver;

    @BeforeAll
    static void startBackendServerAndBrowser() throws Exception {
        Chromium.assumeInstalled("ChatPageIT");
        backend = ChatBackend.start("127.0.0.1", 0, SECRET);
        server = ServerProcess.start("--client-events", "chat_message", "--webhook-secret", SECRET,
                "--client-events-url", "http://127.0.0.1:" + backend.port() + "/events");
        chromium = Chromium.start();
        driver = chromium.driver();
    }

    @AfterAll
    static void stopAll() throws Exception {
        try {
            if (chromium != null) {
                chromium.close();
            }
        } finally {
            try {
                if (server != null) {
                    server.stop();
                }
            } finally {
                if (backend != null) {
                    backend.close();
                }
            }
        }
    }

    @Test
    void twoTabsChatInBothDirectionsInOrderAndAReloadedTabGetsTheHistoryBack() {
        String alice = driver.getWindowHandle();
        openChat("alice", "bob");
        driver.switchTo().newWindow(WindowType.TAB);
        String bob = driver.getWindowHandle();
        openChat("bob", "alice");

        driver.switchTo().window(alice);
        say("hi bob", "are you there?", "lunch at noon?");
        awaitLines(List.of("hi bob", "are you there?", "lunch at noon?"));

        driver.switchTo().window(bob);
        awaitLines(List.of("hi bob", "are you there?", "lunch at noon?"));
        assertEquals(List.of("alice", "alice", "alice"), senders());
        say("yes!", "noon works");
        List<String> all = List.of("hi bob", "are you there?", "lunch at noon?", "yes!", "noon works");
        awaitLines(all);

        driver.switchTo().window(alice);
        awaitLines(all);
        assertEquals(List.of("alice", "alice", "alice", "bob", "bob"), senders());

        driver.navigate().refresh();
        waitUntil("alice logged in again", d -> "logged-in".equals(byId("login-state").getAttribute("data-state")));
        waitUntil("the history loaded", d -> "loaded".equals(byId("chat-status").getAttribute("data-state")));
        assertEquals(all, lines(), "the reloaded tab has the whole conversation, in order");
        assertTrue(byId("chat-status").getText().contains("5 earlier"), byId("chat-status").getText());

        say("see you");
        driver.switchTo().window(bob);
        awaitLines(List.of("hi bob", "are you there?", "lunch at noon?", "yes!", "noon works", "see you"));
    }

    private static void openChat(String me, String with) {
        driver.get(server.url() + "/demo/?client=4&token=" + me + "&autoconnect=1&chatWith=" + with
                + "&chat=http://127.0.0.1:" + backend.port());
        waitUntil(me + " logged in", d -> "logged-in".equals(byId("login-state").getAttribute("data-state")));
        waitUntil(me + "'s history loaded", d -> "loaded".equals(byId("chat-status").getAttribute("data-state")));
    }

    private static void say(String... texts) {
        for (String text : texts) {
            byId("chat-text").sendKeys(text);
            byId("chat-send").click();
        }
    }

    private static List<String> lines() {
        return driver.findElements(By.cssSelector("#chat-messages li.chat__line .chat__text")).stream()
                .map(WebElement::getText).toList();
    }

    private static List<String> senders() {
        return driver.findElements(By.cssSelector("#chat-messages li.chat__line")).stream()
                .map(e -> e.getAttribute("data-from")).toList();
    }

    private static void awaitLines(List<String> expected) {
        waitUntil("the lines " + expected, d -> lines().equals(expected));
    }

    private static WebElement byId(String id) {
        return driver.findElement(By.id(id));
    }

    private static void waitUntil(String what, java.util.function.Function<WebDriver, Boolean> condition) {
        chromium.waitUntil(what, condition, () -> "chat: " + byId("chat-status").getText() + "\nlines: " + lines()
                + "\nlogin: " + byId("login-state").getText() + "\nevents: " + byId("event-log").getDomProperty("textContent")
                + "\nserver log:\n" + server.logTail());
    }
}
