package org.pushserver.api;

import org.pushserver.testing.Mutations;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The requests of the {@code /api} battery that an HTTP client can send: bodies for {@code /api},
 * {@code /api/broadcast} and {@code /api/online} that are valid, mutated, mistyped, form-encoded, random or too big,
 * with odd content types, methods, paths and headers. One case per {@link Mutations}, so a case can be replayed.
 */
final class ApiCases {
    /** One request; {@code headers} are name, value pairs. */
    record Case(String kind, String method, String path, List<String> headers, byte[] body) {
        boolean oversized(int maxBodyBytes) {
            return body.length > maxBodyBytes;
        }

        @Override
        public String toString() {
            String text = new String(body, StandardCharsets.UTF_8);
            return kind + " " + method + " " + path + " " + headers + " body(" + body.length + ")="
                    + (text.length() > 200 ? text.substring(0, 200) + "…" : text);
        }
    }

    private static final List<String> ROUTES = List.of("/api", "/api", "/api", "/api/broadcast", "/api/online");
    private static final List<String> CONTENT_TYPES = List.of("application/json", "text/json", "application/json; charset=utf-8",
            "APPLICATION/JSON", "application/x-www-form-urlencoded", "text/plain", "", ";", ";;", " ; charset=utf-8",
            "application/json;;;", "multipart/form-data; boundary=x", "application/xml", "*/*", "application/json; charset=latin1",
            "\tapplication/json", "application/jsonx", "x".repeat(300));
    private static final List<String> METHODS = List.of("PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "GET", "TRACE", "FOO", "get", "post");
    private static final List<String> PATHS = List.of("/api/", "/api//", "/API", "//api", "/api/broadcast/", "/api/online/x",
            "/api/../api", "/api/%2e%2e/health", "/api;jsessionid=1", "/api?tokens=a", "/api/online?tokens=", "/api/online?tokens=,,,",
            "/api/online?tokens=%00", "/api/online?tokens=" + "a,".repeat(100), "/api?%20=%20", "/%2fapi", "/demo/..%2f..%2fpom.xml",
            "/demo/%2e%2e/%2e%2e/pom.xml", "/demo//etc/passwd", "/" + "a".repeat(2000), "/health?x=" + "y".repeat(500), "/metrics?x",
            "/api/online?tokens=" + "9".repeat(400), "/socket.io", "/favicon.ico", "/api/%ff", "/%e2%82", "/api#frag");

    private final Mutations m;
    private final String key;

    ApiCases(Mutations m, String key) {
        this.m = m;
        this.key = key;
    }

    Case next(int maxBodyBytes) {
        String route = m.pick(ROUTES);
        int kind = m.nextInt(100);
        if (kind < 6) {
            return json("valid", route, validBody());
        } else if (kind < 32) {
            byte[] body = validBody().getBytes(StandardCharsets.UTF_8);
            for (int i = 0, n = 1 + m.nextInt(3); i < n; i++) {
                body = m.mutate(body);
            }
            return new Case("mutated", "POST", route, auth("Content-Type", "application/json"), body);
        } else if (kind < 54) {
            return json("fields", route, fieldsBody());
        } else if (kind < 63) {
            return new Case("random-bytes", "POST", route, auth("Content-Type", m.pick("application/json", "application/x-www-form-urlencoded")),
                    m.bytes(m.nextInt(2000)));
        } else if (kind < 75) {
            return new Case("form", "POST", route, auth("Content-Type", "application/x-www-form-urlencoded"),
                    FormBodies.next(m).getBytes(StandardCharsets.UTF_8));
        } else if (kind < 82) {
            return new Case("content-type", "POST", route, auth("Content-Type", m.pick(CONTENT_TYPES)), validBody().getBytes(StandardCharsets.UTF_8));
        } else if (kind < 86) {
            String pad = "x".repeat(maxBodyBytes + 1 + m.nextInt(3 * maxBodyBytes));
            return json("oversized", route, "{\"tokens\":[\"a\"],\"data\":\"" + pad + "\"}");
        } else if (kind < 91) {
            String method = m.pick(METHODS);
            byte[] body = m.chance(50) ? validBody().getBytes(StandardCharsets.UTF_8) : new byte[0];
            return new Case("method", method, route, auth("Content-Type", "application/json"), method.equals("HEAD") ? new byte[0] : body);
        } else if (kind < 96) {
            return new Case("path", m.pick("GET", "POST"), m.pick(PATHS), auth("Content-Type", "application/json"),
                    validBody().getBytes(StandardCharsets.UTF_8));
        }
        return new Case("headers", "POST", route, garbageHeaders(), validBody().getBytes(StandardCharsets.UTF_8));
    }

    private Case json(String kind, String route, String body) {
        return new Case(kind, "POST", route, auth("Content-Type", "application/json"), body.getBytes(StandardCharsets.UTF_8));
    }

    /** The API key (usually right) and {@code more} headers. */
    private List<String> auth(String... more) {
        List<String> headers = new ArrayList<>(List.of(more));
        if (m.chance(95)) {
            headers.addAll(List.of("Authorization", "Bearer " + key));
        } else {
            headers.addAll(List.of("Authorization", m.pick("Bearer", "Bearer ", "Basic " + key, "bearer " + key + "x", "Bearer " + printable(m.text(40)), "x")));
        }
        return headers;
    }

    private String validBody() {
        return "{\"tokens\":[\"battery-" + m.nextInt(1000) + "\"," + m.nextInt(1000) + "],\"entityType\":\"e" + m.nextInt(10)
                + "\",\"data\":" + m.randomJson(2) + "}";
    }

    /** An object whose fields are missing, mistyped, duplicated or hostile. */
    private String fieldsBody() {
        List<String> fields = new ArrayList<>();
        for (int i = 0, n = m.nextInt(5); i < n; i++) {
            String name = m.pick("tokens", "tokens", "entityType", "data", "data", "", "tokens[]", m.text(10));
            fields.add(Mutations.quoted(name) + ":" + value(name));
        }
        return "{" + String.join(m.pick(",", ",", ", ", ",\n"), fields) + "}";
    }

    private String value(String field) {
        if (field.equals("tokens") && m.chance(60)) {
            List<String> tokens = new ArrayList<>();
            for (int i = 0, n = m.chance(10) ? 40 + m.nextInt(30) : m.nextInt(5); i < n; i++) {
                tokens.add(m.chance(50) ? Mutations.quoted("t" + m.nextInt(100)) : m.hostileJson());
            }
            return "[" + String.join(",", tokens) + "]";
        }
        return m.chance(20) ? m.randomJson(3) : m.hostileJson();
    }

    private List<String> garbageHeaders() {
        List<String> headers = auth("Content-Type", "application/json");
        for (int i = 0, n = 1 + m.nextInt(4); i < n; i++) {
            switch (m.nextInt(5)) {
                case 0 -> headers.addAll(List.of("X-" + m.pick("A", "Junk", "Tokens", "a-b-c"), printable(m.text(200))));
                case 1 -> headers.addAll(List.of("X-Long", "v".repeat(m.pick(100, 4000, 9000))));
                case 2 -> headers.addAll(List.of("Origin", m.pick("null", "http://evil.example", "", "x".repeat(300), "http://127.0.0.1")));
                case 3 -> headers.addAll(List.of("Accept", m.pick("*/*", "text/html", "application/json;q=0", "")));
                default -> headers.addAll(List.of("Content-Type", m.pick(CONTENT_TYPES))); // a second Content-Type
            }
        }
        return headers;
    }

    /** Header values an HTTP client accepts: no control characters. */
    private static String printable(String text) {
        return text.replaceAll("\\p{Cntrl}", " ").trim();
    }
}
