package org.pushserver.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The demo page served by the real server at /demo/, driven in headless Debian Chromium. Skipped with a reason when
 * Chromium or its driver is missing, except on CI ({@code CI=true}), where that fails.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoPageIT {
    private static ServerProcess server;
    private static Chromium chromium;
    private static WebDriver driver;

    @BeforeAll
    static void startServerAndBrowser() throws Exception {
        Chromium.assumeInstalled("DemoPageIT");
        server = ServerProcess.start();
        chromium = Chromium.start();
        driver = chromium.driver();
    }

    @AfterAll
    static void stopBrowserAndServer() throws Exception {
        try {
            if (chromium != null) {
                chromium.close();
            }
        } finally {
            if (server != null) {
                server.stop();
            }
        }
    }

    @Test
    @Order(1)
    @DisplayName("the page loads from the server at /demo/ with the server's own URL filled in")
    void thePageLoadsWithTheServersOwnUrlFilledIn() {
        driver.get(server.url() + "/demo/");
        assertEquals("Push server demo", driver.getTitle());
        assertEquals(server.url(), byId("server-url").getAttribute("value"));
        assertEquals("/socket.io", byId("socket-path").getAttribute("value"));
        assertEquals("disconnected", byId("conn-state").getAttribute("data-state"));
    }

    @ParameterizedTest(name = "client line {0}.x")
    @ValueSource(strings = {"2", "4"})
    @Order(2)
    @DisplayName("each client line connects, logs in and shows a push sent to its token")
    void eachClientLineConnectsLogsInAndShowsAPush(String line) throws Exception {
        ensureOnPage();
        String token = "web-user-" + line;
        byId("client-line-" + line).click();
        byId("connect-btn").click();
        waitUntil("connected with the " + line + ".x client",
                d -> "connected".equals(byId("conn-state").getAttribute("data-state")));
        assertTrue(byId("library").getText().startsWith("socket.io-client " + line + "."), byId("library").getText());
        // from the server's Socket.IO path when it serves that line (CLIENT_BUNDLE=2 by default), else the vendored copy
        String source = line.equals("2") ? server.url() + "/socket.io/socket.io.js"
                : server.url() + "/demo/vendor/socket.io-4/socket.io.min.js";
        String events = byId("event-log").getDomProperty("textContent");
        assertTrue(events.contains("loaded socket.io-client " + line + ".x from " + source), events);
        waitUntil("a transport shown", d -> !byId("transport").getText().equals("–"));

        byId("token-id").clear();
        byId("token-id").sendKeys(token);
        byId("login-btn").click();
        waitUntil("logged in as " + token, d -> "logged-in".equals(byId("login-state").getAttribute("data-state")));
        assertTrue(byId("login-state").getText().contains(token), byId("login-state").getText());

        String entityType = "from_test_" + line;
        Http.Reply reply = Http.post(server.url() + "/api", "{\"tokens\":[\"" + token + "\"],\"entityType\":\""
                + entityType + "\",\"data\":{\"line\":" + line + ",\"note\":\"pushed by the test\"}}", null);
        assertEquals(200, reply.status(), reply.body());
        assertEquals(1, reply.json().getInt("sockets"), reply.body());

        WebElement message = waitForMessage(entityType);
        JSONObject data = new JSONObject(message.findElement(By.className("message__data")).getText());
        assertEquals(Integer.parseInt(line), data.getInt("line"));
        assertEquals("pushed by the test", data.getString("note"));
        assertTrue(message.findElement(By.className("message__time")).getText().matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3}"));

        waitUntil("the transport upgraded to websocket", d -> byId("transport").getText().startsWith("websocket"));
    }

    @Test
    @Order(3)
    @DisplayName("the send panel refuses invalid JSON with a clear message")
    void theSendPanelRefusesInvalidJson() {
        ensureOnPage();
        byId("send-tokens").clear();
        byId("send-tokens").sendKeys("someone");
        byId("send-data").clear();
        byId("send-data").sendKeys("{ \"text\": ");
        byId("send-btn").click();
        WebElement error = byId("send-data-error");
        waitUntil("the JSON error shown", d -> error.isDisplayed());
        assertTrue(error.getText().contains("not valid JSON"), error.getText());
        assertEquals("true", byId("send-data").getAttribute("aria-invalid"));
        assertTrue(byId("send-status").getText().startsWith("Not sent"), byId("send-status").getText());
    }

    @Test
    @Order(4)
    @DisplayName("a push sent from the page's send panel reaches a second page, and presence shows it online")
    void aPushSentFromTheSendPanelReachesASecondPage() throws Exception {
        ensureOnPage();
        String first = driver.getWindowHandle();
        driver.switchTo().newWindow(WindowType.TAB);
        String second = driver.getWindowHandle();
        driver.get(server.url() + "/demo/?client=4&token=web-receiver&autoconnect=1");
        waitUntil("the second page logged in",
                d -> "logged-in".equals(byId("login-state").getAttribute("data-state")));

        driver.switchTo().window(first);
        byId("send-tokens").clear();
        byId("send-tokens").sendKeys("web-receiver, 424242");
        byId("send-entity-type").clear();
        byId("send-entity-type").sendKeys("from_the_page");
        byId("send-data").clear();
        byId("send-data").sendKeys("{\"hello\": \"second tab\", \"n\": [1, 2, 3]}");
        byId("send-btn").click();
        waitUntil("the delivery report", d -> byId("send-status").getText().contains("delivered to 1 socket"));
        JSONObject report = new JSONObject(byId("send-result").getText());
        assertEquals(0, report.getInt("responseCode"));
        assertEquals("web-receiver", report.getJSONArray("online").getString(0));
        assertEquals("424242", report.getJSONArray("offline").getString(0));
        assertTrue(byId("send-status").getText().contains("offline: 424242"), byId("send-status").getText());

        byId("presence-tokens").clear();
        byId("presence-tokens").sendKeys("web-receiver, nobody-here");
        byId("presence-btn").click();
        waitUntil("the presence table", d -> byId("presence-table").isDisplayed());
        WebElement row = driver.findElement(By.cssSelector("#presence-table tr[data-token='web-receiver']"));
        assertTrue(row.getText().contains("online"), row.getText());
        WebElement absent = driver.findElement(By.cssSelector("#presence-table tr[data-token='nobody-here']"));
        assertTrue(absent.getText().contains("offline"), absent.getText());

        driver.switchTo().window(second);
        WebElement message = waitForMessage("from_the_page");
        JSONObject data = new JSONObject(message.findElement(By.className("message__data")).getText());
        assertEquals("second tab", data.getString("hello"));
        assertEquals(3, data.getJSONArray("n").length());
        driver.close();
        driver.switchTo().window(first);

        // One more push so that the screenshot shows a few messages.
        Http.post(server.url() + "/api", "{\"tokens\":[\"web-user-4\"],\"entityType\":\"order_shipped\","
                + "\"data\":{\"orderId\":1042,\"items\":2,\"carrier\":\"DHL\"}}", null);
        waitForMessage("order_shipped");
        saveScreenshot();
    }

    @ParameterizedTest(name = "client line {0}.x")
    @ValueSource(strings = {"2", "4"})
    @Order(5)
    @DisplayName("the drop button cuts the transport; after the reconnect every push shows once, with its id, and the page says it recovered")
    void theDropButtonCutsTheTransportAndThePageResumesWithEveryPushOnce(String line) throws Exception {
        String token = "web-drop-" + line;
        driver.get(server.url() + "/demo/?client=" + line + "&token=" + token + "&autoconnect=1");
        waitUntil("logged in as " + token, d -> "logged-in".equals(byId("login-state").getAttribute("data-state")));
        waitUntil("a new session, nothing to resume", d -> "false".equals(byId("recovery-state").getAttribute("data-recovered")));

        List<String> ids = new java.util.ArrayList<>();
        ids.add(pushTo(token, 0));
        WebElement first = waitForMessageId(ids.get(0));
        assertTrue(first.getText().contains(ids.get(0)), "the message shows its id: " + first.getText());
        waitUntil("the page knows its last message id", d -> byId("last-message-id").getText().equals(ids.get(0)));

        byId("drop-btn").click();
        waitUntil("the page noticed the drop", d -> !"connected".equals(byId("conn-state").getAttribute("data-state")));
        for (int i = 1; i <= 3; i++) {
            ids.add(pushTo(token, i));
        }
        waitUntil("connected again", d -> "connected".equals(byId("conn-state").getAttribute("data-state")));
        waitUntil("the page says it recovered", d -> "true".equals(byId("recovery-state").getAttribute("data-recovered")));
        for (String id : ids) {
            waitForMessageId(id);
        }
        ids.add(pushTo(token, 4));
        waitForMessageId(ids.get(4));
        for (String id : ids) {
            assertEquals(1, driver.findElements(By.cssSelector("#messages li.message[data-id='" + id + "']")).size(),
                    "message " + id + " shown exactly once; page state:\n" + pageState());
        }
        List<String> shown = driver.findElements(By.cssSelector("#messages li.message[data-entity-type='dropped']")).stream()
                .map(e -> e.getAttribute("data-id")).toList();
        List<String> newestFirst = new java.util.ArrayList<>(ids);
        java.util.Collections.reverse(newestFirst);
        assertEquals(newestFirst, shown, "in order (the page shows the newest first)");
        assertTrue(byId("recovery-state").getText().contains("recovered") || byId("recovery-state").getText().contains("resumed"),
                byId("recovery-state").getText());
    }

    /** POSTs push {@code i} to {@code token}; returns its id. */
    private static String pushTo(String token, int i) throws Exception {
        Http.Reply reply = Http.post(server.url() + "/api", "{\"tokens\":[\"" + token + "\"],\"entityType\":\"dropped\",\"data\":{\"i\":"
                + i + "}}", null);
        assertEquals(200, reply.status(), reply.body());
        return reply.json().getString("id");
    }

    private static WebElement waitForMessageId(String id) {
        By selector = By.cssSelector("#messages li.message[data-id='" + id + "']");
        waitUntil("message " + id + " on the page", d -> !d.findElements(selector).isEmpty());
        return driver.findElement(selector);
    }

    // ------------------------------------------------------------------ helpers

    private static void ensureOnPage() {
        if (!driver.getCurrentUrl().startsWith(server.url() + "/demo/")) {
            driver.get(server.url() + "/demo/");
        }
    }

    private static WebElement byId(String id) {
        return driver.findElement(By.id(id));
    }

    private static void waitUntil(String what, java.util.function.Function<WebDriver, Boolean> condition) {
        chromium.waitUntil(what, condition, DemoPageIT::pageState);
    }

    private static WebElement waitForMessage(String entityType) {
        By selector = By.cssSelector("#messages li.message[data-entity-type='" + entityType + "']");
        waitUntil("a message " + entityType + " on the page", d -> !d.findElements(selector).isEmpty());
        return driver.findElement(selector);
    }

    /** What the page shows, for failure messages. */
    private static String pageState() {
        StringBuilder b = new StringBuilder();
        for (String id : List.of("conn-state", "login-state", "transport", "recovery-state", "last-message-id", "send-status", "send-result",
                "presence-status", "presence-result", "event-log")) {
            List<WebElement> found = driver.findElements(By.id(id));
            b.append(id).append(": ").append(found.isEmpty() ? "(absent)" : found.get(0).getDomProperty("textContent"))
                    .append('\n');
        }
        return b.toString();
    }

    private static void saveScreenshot() throws Exception {
        Path target = Path.of(System.getProperty("screenshot.file", "target/demo-screenshot.png"));
        Files.createDirectories(target.toAbsolutePath().getParent());
        driver.manage().window().setSize(new Dimension(1400, 1500));
        ((ChromeDriver) driver).executeScript("window.scrollTo(0, 0); document.activeElement.blur();");
        File shot = ((ChromeDriver) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        System.out.println("demo page screenshot: " + target.toAbsolutePath());
    }
}
