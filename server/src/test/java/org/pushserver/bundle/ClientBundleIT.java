package org.pushserver.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pushserver.testing.RawHttp;
import org.pushserver.testing.RunningServer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The socket.io client files under the Socket.IO path, over real HTTP, for each {@code CLIENT_BUNDLE}: every file as the
 * pinned npm package published it, its type, ETag and 304, gzip, the 404s, the 405s, and no Engine.IO session.
 */
class ClientBundleIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The npm packages the build copied into the jar (client-demo/web-vendor), to compare the answers with. */
    private static final Path NPM = Path.of("..", "client-demo", "web-vendor", "node_modules");
    private static final List<String> LINE_4 = List.of("socket.io.js", "socket.io.js.map", "socket.io.min.js",
            "socket.io.min.js.map", "socket.io.esm.min.js", "socket.io.esm.min.js.map", "socket.io.msgpack.min.js",
            "socket.io.msgpack.min.js.map");
    private static final List<String> LINE_2 = List.of("socket.io.js", "socket.io.js.map");

    private static RunningServer byDefault;
    private static RunningServer line4;
    private static RunningServer off;
    private static RunningServer customPath;

    @BeforeAll
    static void start() {
        byDefault = RunningServer.start();
        line4 = RunningServer.start("--client-bundle", "4");
        off = RunningServer.start("--client-bundle", "off");
        customPath = RunningServer.start("--client-bundle", "4", "--socketio-path", "/ws/socket.io");
    }

    @AfterAll
    static void stop() {
        for (RunningServer server : new RunningServer[] {byDefault, line4, off, customPath}) {
            if (server != null) {
                server.close();
            }
        }
    }

    @Test
    void everyFileOfTheFourLineIsServedAsPublishedWithItsTypeAndVersion() throws Exception {
        for (String name : LINE_4) {
            assertServedAsPublished(line4, "/socket.io/", name, "socket.io-client-v4");
        }
    }

    @Test
    void theTwoLineIsTheDefaultAndServesWhatANodeTwoServerServes() throws Exception {
        for (String name : LINE_2) {
            assertServedAsPublished(byDefault, "/socket.io/", name, "socket.io-client-v2");
        }
        for (String name : LINE_4.subList(2, LINE_4.size())) {
            assertJsonError(byDefault.get("/socket.io/" + name), 404, "not_found", "has no " + name);
        }
    }

    @Test
    void aCustomPathServesTheFilesUnderItAndNotUnderTheDefaultOne() throws Exception {
        assertServedAsPublished(customPath, "/ws/socket.io/", "socket.io.min.js", "socket.io-client-v4");
        assertServedAsPublished(customPath, "/ws/socket.io/", "socket.io.js", "socket.io-client-v4");
        assertEquals(404, customPath.get("/socket.io/socket.io.js").statusCode());
    }

    @Test
    void offAnswersEveryFileWithAJson404() throws Exception {
        for (String name : LINE_4) {
            assertJsonError(off.get("/socket.io/" + name), 404, "not_found", "CLIENT_BUNDLE=off");
        }
        assertJsonError(send(off, "POST", "/socket.io/socket.io.js"), 404, "not_found", "CLIENT_BUNDLE=off");
    }

    @Test
    void aMatchingIfNoneMatchIsAnswered304WithoutABody() {
        for (String tag : List.of("\"4.8.1\"", "W/\"4.8.1\"", "\"1.0.0\", \"4.8.1\"", "*")) {
            HttpResponse<String> response = line4.get("/socket.io/socket.io.min.js", "If-None-Match", tag);
            assertEquals(304, response.statusCode(), tag);
            assertEquals("", response.body());
            assertEquals("\"4.8.1\"", response.headers().firstValue("etag").orElse(null));
            assertEquals("public, max-age=0", response.headers().firstValue("cache-control").orElse(null));
        }
        HttpResponse<String> twoLine = byDefault.get("/socket.io/socket.io.js", "If-None-Match", "2.5.0"); // a Node 2.x ETag
        assertEquals(304, twoLine.statusCode());
        for (String stale : List.of("\"2.5.0\"", "\"4.8.0\"", "W/\"4.8\"")) {
            assertEquals(200, line4.get("/socket.io/socket.io.min.js", "If-None-Match", stale).statusCode(), stale);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "gzip, deflate, br", "br;q=1.0, gzip;q=0.8", "*"})
    void aClientThatAcceptsGzipGetsTheSameFileGzipped(String acceptEncoding) throws Exception {
        for (String name : List.of("socket.io.min.js", "socket.io.js.map")) {
            HttpResponse<byte[]> response = line4.send(line4.request("/socket.io/" + name, "Accept-Encoding", acceptEncoding)
                    .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, response.statusCode());
            assertEquals("gzip", response.headers().firstValue("content-encoding").orElse(null), acceptEncoding);
            assertEquals("accept-encoding", response.headers().firstValue("vary").orElse("").toLowerCase());
            assertEquals(response.body().length, Integer.parseInt(response.headers().firstValue("content-length").orElseThrow()));
            assertTrue(response.body().length < published("socket.io-client-v4", name).length / 2);
            try (GZIPInputStream unzipped = new GZIPInputStream(new ByteArrayInputStream(response.body()))) {
                assertArrayEquals(published("socket.io-client-v4", name), unzipped.readAllBytes(), name);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"identity", "gzip;q=0", "gzip;q=0, *", "deflate, br"})
    void aClientThatRefusesGzipGetsTheFileAsPublished(String acceptEncoding) throws Exception {
        HttpResponse<byte[]> response = line4.send(line4.request("/socket.io/socket.io.min.js", "Accept-Encoding",
                acceptEncoding).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("content-encoding").isEmpty(), acceptEncoding);
        assertArrayEquals(published("socket.io-client-v4", "socket.io.min.js"), response.body());
    }

    @Test
    void headAnswersAGetsHeadersWithoutTheBody() throws Exception {
        HttpResponse<byte[]> response = line4.send(line4.request("/socket.io/socket.io.js")
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode());
        assertEquals(0, response.body().length);
        assertEquals(String.valueOf(published("socket.io-client-v4", "socket.io.js").length),
                response.headers().firstValue("content-length").orElse(null));
        assertEquals("\"4.8.1\"", response.headers().firstValue("etag").orElse(null));
    }

    @Test
    void otherMethodsGetTheJson405WithAllow() throws Exception {
        for (String method : List.of("POST", "PUT", "DELETE", "PATCH", "OPTIONS")) {
            HttpResponse<String> response = send(line4, method, "/socket.io/socket.io.js");
            assertJsonError(response, 405, "method_not_allowed", method + " is not allowed on /socket.io/socket.io.js");
            assertEquals("GET, HEAD", response.headers().firstValue("allow").orElse(null));
        }
    }

    @Test
    void bundleRequestsNeverReachEngineIoNorOpenASession() throws Exception {
        // Engine.IO handshake parameters on a bundle URL: without this handler netty-socketio would open a session
        // (v3 connects the default namespace at once, so it would count in /health) or leave the request hanging.
        for (String query : List.of("", "?EIO=3&transport=polling", "?EIO=4&transport=polling", "?EIO=4&transport=websocket")) {
            for (String name : LINE_4) {
                HttpResponse<byte[]> response = line4.send(line4.request("/socket.io/" + name + query).GET().build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertEquals(200, response.statusCode(), name + query);
                assertArrayEquals(published("socket.io-client-v4", name), response.body(), name + query);
            }
        }
        JsonNode health = JSON.readTree(line4.get("/health").body());
        assertEquals(0, health.get("connections").asInt(), health.toString());
        String metrics = line4.get("/metrics").body();
        for (String transport : List.of("polling", "websocket")) {
            for (String eio : List.of("EIO3", "EIO4")) {
                assertTrue(metrics.contains("pushserver_connections{protocol=\"" + eio + "\",transport=\"" + transport
                        + "\"} 0.0"), eio + " " + transport);
            }
        }
        assertTrue(metrics.contains("pushserver_http_requests_total{route=\"client-bundle\",status=\"200\"}"));
    }

    @Test
    void onAFreshConnectionTheBundleIsAnsweredAndTheConnectionClosed() throws IOException {
        // netty-socketio would cut a kept-alive connection whose first request it never saw, under a later poll
        RawHttp.Exchange fresh = RawHttp.exchange(line4.port(), request("/socket.io/socket.io.min.js"), Duration.ofSeconds(5));
        assertEquals(1, fresh.responses().size());
        assertEquals(200, fresh.responses().get(0).status());
        assertEquals("close", fresh.responses().get(0).header("connection"));
        assertTrue(fresh.closed());

        byte[] two = (new String(request("/health/live"), StandardCharsets.US_ASCII)
                + new String(request("/socket.io/socket.io.min.js"), StandardCharsets.US_ASCII)).getBytes(StandardCharsets.US_ASCII);
        RawHttp.Exchange reused = RawHttp.exchange(line4.port(), two, Duration.ofSeconds(5));
        assertEquals(2, reused.responses().size(), reused.toString());
        assertEquals(200, reused.responses().get(1).status());
        assertEquals("keep-alive", reused.responses().get(1).header("connection"));
        assertFalse(reused.closed());
    }

    private static void assertServedAsPublished(RunningServer server, String prefix, String name, String npmPackage)
            throws IOException {
        HttpResponse<byte[]> response = server.send(server.request(prefix + name).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode(), prefix + name);
        assertArrayEquals(published(npmPackage, name), response.body(), prefix + name);
        assertEquals(name.endsWith(".map") ? "application/json; charset=utf-8" : "text/javascript; charset=utf-8",
                response.headers().firstValue("content-type").orElse(null), name);
        String version = JSON.readTree(NPM.resolve(npmPackage).resolve("package.json").toFile()).get("version").asText();
        assertEquals('"' + version + '"', response.headers().firstValue("etag").orElse(null), name);
        assertEquals("public, max-age=0", response.headers().firstValue("cache-control").orElse(null));
        assertEquals("nosniff", response.headers().firstValue("x-content-type-options").orElse(null));
        assertEquals("*", response.headers().firstValue("access-control-allow-origin").orElse(null));
        assertNull(response.headers().firstValue("content-encoding").orElse(null));
    }

    private static void assertJsonError(HttpResponse<String> response, int status, String error, String messagePart)
            throws IOException {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("application/json"));
        JsonNode body = JSON.readTree(response.body());
        assertEquals(error, body.get("error").asText(), response.body());
        assertTrue(body.get("message").asText().contains(messagePart), response.body());
    }

    private static HttpResponse<String> send(RunningServer server, String method, String path) {
        return server.send(server.request(path).method(method, HttpRequest.BodyPublishers.ofString("x")).build());
    }

    private static byte[] published(String npmPackage, String name) throws IOException {
        return Files.readAllBytes(NPM.resolve(npmPackage).resolve("dist").resolve(name));
    }

    private static byte[] request(String path) {
        return ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }
}
