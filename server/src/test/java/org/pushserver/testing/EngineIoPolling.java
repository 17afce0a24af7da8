package org.pushserver.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Engine.IO v4 long-polling by hand: each request on its own connection ({@code Connection: close}) through
 * {@link RawHttp}, so a test sees exactly the status, headers and body the server wrote.
 */
public final class EngineIoPolling {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final int port;

    public EngineIoPolling(int port) {
        this.port = port;
    }

    /** The open packet's JSON of a fresh polling handshake. */
    public JsonNode handshake() throws IOException {
        RawHttp.Response answer = only(request("GET", "EIO=4&transport=polling", ""));
        String body = answer.bodyText();
        if (answer.status() != 200 || !body.startsWith("0{")) {
            throw new AssertionError("no open packet: " + answer.status() + " " + body);
        }
        return JSON.readTree(body.substring(1));
    }

    /** A fresh session's id. */
    public String open() throws IOException {
        return handshake().path("sid").asText();
    }

    public RawHttp.Exchange get(String sid) throws IOException {
        return request("GET", "EIO=4&transport=polling&sid=" + sid, "");
    }

    /** A GET that may wait for the server (a pending poll), on another thread. */
    public CompletableFuture<RawHttp.Exchange> getLater(String sid) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return get(sid);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    public RawHttp.Exchange post(String sid, String payload) throws IOException {
        return request("POST", "EIO=4&transport=polling&sid=" + sid, payload);
    }

    /** Any request to the Socket.IO path; {@code query} without the {@code ?}. */
    public RawHttp.Exchange request(String method, String query, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String head = method + " /socket.io/?" + query + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain;charset=UTF-8\r\n"
                + "Content-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n";
        byte[] all = new byte[head.length() + bytes.length];
        System.arraycopy(head.getBytes(StandardCharsets.ISO_8859_1), 0, all, 0, head.length());
        System.arraycopy(bytes, 0, all, head.length(), bytes.length);
        return RawHttp.exchange(port, all, WAIT);
    }

    /** The one answer of {@code exchange}; fails if there was none or more. */
    public static RawHttp.Response only(RawHttp.Exchange exchange) {
        if (exchange.responses().size() != 1) {
            throw new AssertionError("expected one answer, got " + exchange);
        }
        return exchange.responses().get(0);
    }

    /** The Engine.IO error code of a 400 answer, or fails. */
    public static int errorCode(RawHttp.Exchange exchange) throws IOException {
        RawHttp.Response answer = only(exchange);
        if (answer.status() != 400) {
            throw new AssertionError("expected 400, got " + answer.status() + " " + answer.bodyText());
        }
        JsonNode body = JSON.readTree(answer.body());
        if (!body.path("code").isInt() || !body.path("message").isTextual()) {
            throw new AssertionError("not {\"code\",\"message\"}: " + answer.bodyText());
        }
        return body.path("code").asInt();
    }
}
