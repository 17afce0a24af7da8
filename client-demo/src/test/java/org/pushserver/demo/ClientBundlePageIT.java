package org.pushserver.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * A page as existing sites ship it, served from another origin (a second HTTP server on 127.0.0.1, another port),
 * loads {@code <script src="<server>/<path>/socket.io.js">} from the real server jar, connects with the default
 * transports, logs in with {@code user_login} and receives a push that the test POSTs: for each CLIENT_BUNDLE line,
 * and on a custom SOCKETIO_PATH. In headless Chromium, skipped as {@link DemoPageIT} is when it is missing.
 */
class ClientBundlePageIT {
    /** A minimal page of a site that uses the push service, with its client loaded from the push server. */
    private static final String PAGE = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>a site using the push server</title>
            <script src="%1$s%2$s/socket.io.js"></script></head>
            <body><pre id="log"></pre><script>
              // which line was served: a 2.x client says protocol 4; a 4.x one has emitWithAck (4.6+)
              window.state = { received: [], line: typeof io !== 'function' ? null : io.protocol === 4 ? '2'
                  : typeof io.Socket.prototype.emitWithAck === 'function' ? '4' : 'other' };
              var socket = io('%1$s', { path: '%2$s' });
              socket.on('connect', function () {
                state.connected = true;
                socket.emit('user_login', { tokenId: '%3$s' }, function (ack) { state.ack = ack; });
              });
              socket.on('connect_error', function (e) { state.error = String(e); });
              socket.on('receive_message', function (message) { state.received.push(message); });
              setInterval(function () {
                state.transport = socket.io.engine && socket.io.engine.transport ? socket.io.engine.transport.name : null;
              }, 50);
            </script></body></html>
            """;

    private static Chromium chromium;
    private static HttpServer otherOrigin;
    private static volatile String page = "";

    @BeforeAll
    static void startBrowserAndOtherOrigin() throws Exception {
        Chromium.assumeInstalled("ClientBundlePageIT");
        chromium = Chromium.start();
        otherOrigin = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        otherOrigin.createContext("/", exchange -> {
            byte[] body = page.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        otherOrigin.start();
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (chromium != null) {
                chromium.close();
            }
        } finally {
            if (otherOrigin != null) {
                otherOrigin.stop(0);
            }
        }
    }

    @ParameterizedTest(name = "CLIENT_BUNDLE={0}, SOCKETIO_PATH={1}")
    @CsvSource({"2, /socket.io", "4, /socket.io", "4, /ws/socket.io", "2, /ws/socket.io"})
    void aPageOfAnotherOriginLoadsTheClientFromTheServerConnectsLogsInAndReceivesAPush(String line, String path)
            throws Exception {
        ServerProcess server = ServerProcess.start("--client-bundle", line, "--socketio-path", path);
        try {
            String token = "bundle-user-" + line + path.replace('/', '-');
            page = PAGE.formatted(server.url(), path, token);
            String pageUrl = "http://127.0.0.1:" + otherOrigin.getAddress().getPort() + "/site.html";
            assertNotEquals(server.url(), pageUrl.substring(0, pageUrl.indexOf("/site.html")));
            WebDriver driver = chromium.driver();
            driver.get(pageUrl);

            assertEquals(line, state("line"), "the client line the page loaded from the server");
            waitUntil("the login acknowledged", d -> state("ack") != null);
            assertEquals(Map.of("ok", true, "tokenId", token), state("ack"));

            Http.Reply reply = Http.post(server.url() + "/api", "{\"tokens\":[\"" + token + "\"],\"entityType\":"
                    + "\"bundle_test\",\"data\":{\"line\":\"" + line + "\"}}", null);
            assertEquals(200, reply.status(), reply.body());
            assertEquals(1, reply.json().getInt("sockets"), reply.body());
            waitUntil("the push received", d -> !((List<?>) state("received")).isEmpty());
            assertEquals(List.of(Map.of("entityType", "bundle_test", "data", Map.of("line", line))), state("received"));
            waitUntil("the upgrade to websocket (default transports)", d -> "websocket".equals(state("transport")));
        } finally {
            chromium.driver().get("about:blank"); // closes the page's socket before its server goes
            server.stop();
        }
    }

    private static Object state(String key) {
        return ((JavascriptExecutor) chromium.driver()).executeScript(
                "return window.state ? window.state[arguments[0]] : undefined;", key);
    }

    private static void waitUntil(String what, java.util.function.Function<WebDriver, Boolean> condition) {
        chromium.waitUntil(what, condition, () -> String.valueOf(((JavascriptExecutor) chromium.driver())
                .executeScript("return JSON.stringify(window.state || null);")));
    }
}
