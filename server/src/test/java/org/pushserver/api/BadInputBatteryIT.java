package org.pushserver.api;

import org.pushserver.http.MalformedRequests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.pushserver.testing.Battery;
import org.pushserver.testing.Bystander;
import org.pushserver.testing.Mutations;
import org.pushserver.testing.RawHttp;
import org.pushserver.testing.RunningServer;
import org.pushserver.testing.Baseline;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code /api} battery: thousands of random and mutated requests to {@code /api}, {@code /api/broadcast} and
 * {@code /api/online} over real HTTP, plus malformed HTTP on plain sockets. Every one is answered with a defined
 * status (errors as JSON {@code {error, message}}, never a 500) or, for malformed HTTP, a clean close; meanwhile a
 * healthy client gets every push sent to it and {@code /health} answers; afterwards connections and heap are back
 * to their baseline. Seeded ({@code -Dbattery.seed=}), bounded in count ({@code -Dbattery.httpCases=}) and time.
 */
class BadInputBatteryIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "battery-key-" + "0123456789abcdef";
    private static final int MAX_BODY = 16 * 1024;
    private static final int CASES = Integer.getInteger("battery.httpCases", 3000);
    private static final Duration BOUND = Duration.ofSeconds(25);
    private static final Set<Integer> DEFINED = Set.of(200, 204, 400, 401, 404, 405, 408, 413, 415, 429); // 429: broadcasts over the default per-minute limit
    private static final Duration RAW_TIMEOUT = Duration.ofSeconds(5); // the server's request timeout is 2 s

    private HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void everyBadRequestIsAnsweredWithADefinedStatusWhileAHealthyClientIsServedAndNothingLeaks() throws Exception {
        long seed = Mutations.fromSystemProperty().seed();
        System.out.println("battery api: seed " + seed + " (replay with -Dbattery.seed=" + seed + ")");
        try (RunningServer server = RunningServer.start("--api-keys", KEY, "--max-body-bytes", String.valueOf(MAX_BODY),
                "--max-frame-bytes", String.valueOf(MAX_BODY), "--max-tokens-per-push", "50", "--request-timeout-ms", "2000");
             Baseline baseline = Baseline.watch("api", server);
             Bystander bystander = Bystander.start(server, "websocket", 100, "Authorization", "Bearer " + KEY)) {
            Battery.run("api-warmup", seed ^ 1, 150, BOUND, 4, (i, m, tally) -> send(server, i, m, tally));
            baseline.measure(1); // the bystander
            Battery.Result result = Battery.run("api", seed, CASES, BOUND, 8, (i, m, tally) -> send(server, i, m, tally));
            System.out.println(result.summary("statuses"));
            System.out.println(result.failures());
            if (Boolean.getBoolean("battery.verbose")) {
                System.out.println("battery api by kind: " + result.tally().byKind());
            }
            http = null; // unreferenced, the client closes its pooled connections: they must not count as leftovers
            baseline.checkReturned(bystander.finish());
            result.assertNoFailures();
        }
    }

    @Test
    void aRequestThatDidNotDecodeIsAnswered400AndClosedInsteadOfStallingTheNextOne() throws Exception {
        try (RunningServer server = RunningServer.start("--request-timeout-ms", "5000")) {
            String tooBig = "POST /api HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Huge: " + "h".repeat(9000) + "\r\nContent-Length: 2\r\n\r\n{}";
            String next = "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
            long start = System.nanoTime();
            RawHttp.Exchange exchange = RawHttp.exchange(server.port(), (tooBig + next).getBytes(StandardCharsets.US_ASCII), RAW_TIMEOUT);
            assertTrue(exchange.closed(), "the connection was kept after a request that did not decode");
            assertEquals(1, exchange.responses().size(), exchange.toString());
            assertEquals(400, exchange.responses().get(0).status());
            assertEquals("malformed_request", JSON.readTree(exchange.responses().get(0).body()).path("error").asText());
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(4).toNanos(), "answered only after the request timeout");
        }
    }

    @Test
    void aUriWithABrokenEscapeIsAnswered400() throws Exception {
        try (RunningServer server = RunningServer.start()) {
            for (String uri : new String[] {"/api?%zz", "/%zz", "/api/online?tokens=%u1234", "/socket.io/?EIO=4&transport=polling&%"}) {
                RawHttp.Exchange exchange = RawHttp.exchange(server.port(),
                        ("GET " + uri + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII), RAW_TIMEOUT);
                assertEquals(1, exchange.responses().size(), uri + ": " + exchange);
                assertEquals(400, exchange.responses().get(0).status(), uri);
                assertTrue(exchange.responses().get(0).bodyText().contains("\"malformed_request\""), uri);
            }
        }
    }

    @Test
    void aHeadAnswerCarriesNoBodySoTheNextAnswerOnTheConnectionIsIntact() throws Exception {
        try (RunningServer server = RunningServer.start(); Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout((int) RAW_TIMEOUT.toMillis());
            socket.getOutputStream().write(("HEAD /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                    + "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String answers = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int firstEnd = answers.indexOf("\r\n\r\n") + 4;
            assertTrue(answers.startsWith("HTTP/1.1 200"), answers);
            assertTrue(answers.startsWith("HTTP/1.1 200", firstEnd), "the HEAD answer had a body: " + answers);
        }
    }

    /** Case {@code i}: one request in ten is malformed HTTP on a plain socket, the others go through an HTTP client. */
    private void send(RunningServer server, int i, Mutations m, Battery.Tally tally) throws Exception {
        if (m.chance(10)) {
            raw(server, i, new RawHttpCases(m, KEY).next(), tally);
        } else {
            http(server, i, new ApiCases(m, KEY).next(MAX_BODY), tally);
        }
    }

    private void http(RunningServer server, int i, ApiCases.Case c, Battery.Tally tally) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url() + c.path())).timeout(Duration.ofSeconds(10))
                .method(c.method(), c.body().length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(c.body()));
        for (int h = 0; h + 1 < c.headers().size(); h += 2) {
            request.header(c.headers().get(h), c.headers().get(h + 1));
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            // The server answers an oversized body 413 and closes at once: the client may see the close first.
            if (c.oversized(MAX_BODY)) {
                tally.outcome(c.kind(), "close");
            } else {
                tally.fail(i, "closed without an answer (" + e + "): " + c);
            }
            return;
        }
        tally.outcome(c.kind(), String.valueOf(response.statusCode()));
        if (response.statusCode() == 408) { // the client sent it whole: a 408 means a request went unread (see MalformedRequests)
            tally.fail(i, "a whole request was answered 408: " + c);
        }
        check(i, response.statusCode(), response.headers().firstValue("content-type").orElse(""),
                c.method().equals("HEAD") ? null : response.body(), c, tally);
    }

    private static void raw(RunningServer server, int i, RawHttpCases.Case c, Battery.Tally tally) throws Exception {
        RawHttp.Exchange exchange = RawHttp.exchange(server.port(), c.bytes(), RAW_TIMEOUT);
        if (exchange.hung()) {
            tally.fail(i, "no answer and no close within " + RAW_TIMEOUT + ": " + c);
            return;
        }
        if (exchange.responses().isEmpty()) {
            tally.outcome("raw " + c.kind(), "close");
        }
        for (RawHttp.Response response : exchange.responses()) {
            tally.outcome("raw " + c.kind(), String.valueOf(response.status()));
            check(i, response.status(), response.header("content-type") == null ? "" : response.header("content-type"),
                    response.body(), c, tally);
        }
    }

    /**
     * A defined status; an error carries the JSON body {@code {error, message}}, or under the Socket.IO path the
     * Engine.IO spec's {@code {code, message}} ({@code body} null: HEAD, none expected).
     */
    private static void check(int i, int status, String contentType, byte[] body, Object c, Battery.Tally tally) {
        if (!DEFINED.contains(status)) {
            tally.fail(i, "status " + status + " " + (body == null ? "" : new String(body)) + " for " + c);
            return;
        }
        if (status < 400 || body == null) {
            return;
        }
        try {
            JsonNode error = JSON.readTree(body);
            boolean ours = error.path("error").isTextual();
            boolean engineIos = String.valueOf(c).contains(" /socket.io/") && error.path("code").isInt();
            if (!contentType.startsWith("application/json") || !(ours || engineIos) || !error.path("message").isTextual()) {
                tally.fail(i, "status " + status + " without a JSON error (" + contentType + "): " + new String(body) + " for " + c);
            }
        } catch (IOException e) {
            tally.fail(i, "status " + status + " with a body that is not JSON: " + new String(body) + " for " + c);
        }
    }
}
