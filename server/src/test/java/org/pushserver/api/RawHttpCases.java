package org.pushserver.api;

import org.pushserver.testing.Mutations;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Malformed HTTP for the battery, written on a plain socket: broken request lines and versions, bad or oversized
 * headers, lying or contradictory Content-Length and Transfer-Encoding, garbage chunks, pipelined requests, random
 * bytes. Each must be answered with a defined status or closed, never left hanging.
 */
final class RawHttpCases {
    /** What one connection sends. */
    record Case(String kind, byte[] bytes) {
        @Override
        public String toString() {
            String text = new String(bytes, StandardCharsets.ISO_8859_1);
            return kind + " " + (text.length() > 300 ? text.substring(0, 300) + "…" : text).replace("\r", "\\r").replace("\n", "\\n");
        }
    }

    private static final String BODY = "{\"tokens\":[\"raw\"],\"entityType\":\"raw\",\"data\":{}}";
    private static final List<String> REQUEST_LINES = List.of("POST /api HTTP/1.1", "POST /api HTTP/1.0", "POST /api HTTP/9.9",
            "POST /api HTTP/1", "POST /api", "POST  /api  HTTP/1.1", "post /api HTTP/1.1", "POST api HTTP/1.1", "POST * HTTP/1.1",
            "POST http://127.0.0.1/api HTTP/1.1", "POST /api?%zz HTTP/1.1", "POST /%zz HTTP/1.1", "POST /api HTTP/1.1 extra",
            "\u0000POST /api HTTP/1.1", "POST\t/api\tHTTP/1.1", "POST /a\u0000pi HTTP/1.1", "GET /" + "x".repeat(5000) + " HTTP/1.1",
            "CONNECT 127.0.0.1:80 HTTP/1.1", "PRI * HTTP/2.0", "POST /api?tokens=%u1234 HTTP/1.1", "GET /api/online?tokens=%E2%82 HTTP/1.1",
            "POST /socket.io/?EIO=4&transport=polling HTTP/1.1", "POST /api HTTP/1.1\n", " HTTP/1.1", "");
    private static final List<String> HEADERS = List.of("X-No-Colon", "X-Space : v", " X-Leading: v", "X-Fold: a\r\n b",
            "X\u0000Nul: v", "X-Bin: \u00ff\u00fe", ": empty-name", "Content-Type: application/json\r\nContent-Type: text/plain",
            "Host: ", "Host: a\r\nHost: b", "Expect: 100-continue", "Expect: nonsense", "Connection: upgrade\r\nUpgrade: websocket",
            "Content-Encoding: gzip", "Transfer-Encoding: gzip", "X-Huge: " + "h".repeat(9000), "Cookie: io=" + "c".repeat(100),
            "Authorization: Bearer " + "k".repeat(5000));

    private final Mutations m;
    private final String key;

    RawHttpCases(Mutations m, String key) {
        this.m = m;
        this.key = key;
    }

    Case next() {
        return switch (m.nextInt(9)) {
            case 0 -> new Case("random-bytes", m.bytes(1 + m.nextInt(600)));
            case 1 -> request("request-line", m.pick(REQUEST_LINES), "Content-Length: " + BODY.length(), BODY);
            case 2 -> request("header", "POST /api HTTP/1.1", m.pick(HEADERS) + "\r\nContent-Length: " + BODY.length(), BODY);
            case 3 -> request("content-length", "POST /api HTTP/1.1", m.pick("Content-Length: -1", "Content-Length: abc",
                    "Content-Length: 99999999999999999999", "Content-Length: 5\r\nContent-Length: 6", "Content-Length: 0x10",
                    "Content-Length: " + (BODY.length() - 5), "Content-Length: " + (BODY.length() + 7), "Content-Length:",
                    "Content-Length: 1, 1"), BODY);
            case 4 -> request("chunked", "POST /api HTTP/1.1", "Transfer-Encoding: chunked" + (m.chance(30) ? "\r\nContent-Length: 4" : ""),
                    m.pick("zz\r\nabc\r\n0\r\n\r\n", "ffffffffffffffff\r\n", "3\r\nabcdef\r\n0\r\n\r\n", "-1\r\n\r\n",
                            Integer.toHexString(BODY.length()) + "\r\n" + BODY + "\r\n0\r\n\r\n", "5;ext=\u0000\r\nabcde\r\n0\r\n\r\n"));
            case 5 -> pipelined();
            case 6 -> new Case("mutated-request", m.mutate(valid().bytes()));
            case 7 -> request("many-headers", "POST /api HTTP/1.1", "X-H: v\r\n".repeat(m.pick(50, 150, 2000)) + "Content-Length: "
                    + BODY.length(), BODY);
            default -> request("http-1.0", "POST /api HTTP/1.0", "Content-Length: " + BODY.length(), BODY);
        };
    }

    private Case valid() {
        return request("valid", "POST /api HTTP/1.1", "Content-Length: " + BODY.length(), BODY);
    }

    /** Several requests in one write, kept alive but the last; some of them damaged. */
    private Case pipelined() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0, n = 2 + m.nextInt(3); i < n; i++) {
            byte[] one = request("valid", "POST /api HTTP/1.1", "Content-Length: " + BODY.length(), BODY, i == n - 1).bytes();
            out.writeBytes(m.chance(30) ? m.mutate(one) : one);
        }
        return new Case("pipelined", out.toByteArray());
    }

    private Case request(String kind, String requestLine, String headers, String body) {
        return request(kind, requestLine, headers, body, true);
    }

    /** A request with Host, Content-Type and the key, then {@code headers} and {@code body}. */
    private Case request(String kind, String requestLine, String headers, String body, boolean close) {
        String text = requestLine + "\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nAuthorization: Bearer " + key
                + "\r\n" + headers + (close ? "\r\nConnection: close" : "") + "\r\n\r\n" + body;
        return new Case(kind, text.getBytes(StandardCharsets.ISO_8859_1));
    }
}
