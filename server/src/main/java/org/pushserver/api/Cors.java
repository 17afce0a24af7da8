package org.pushserver.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** CORS for the HTTP routes: which origins may call, and the headers that say so. */
public final class Cors {
    private final List<String> origins;
    private final boolean any;

    public Cors(List<String> origins) {
        this.origins = List.copyOf(origins);
        this.any = origins.contains("*");
    }

    /** Whether a browser page from {@code origin} may call us; no Origin header (not a browser) is always fine. */
    public boolean allows(String origin) {
        return origin == null || any || origins.contains(origin);
    }

    /** Headers for an answer to {@code origin}: the origin is echoed so that credentials work. */
    Map<String, String> headers(String origin, boolean preflight) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (origin == null || !allows(origin)) {
            return headers;
        }
        headers.put("Access-Control-Allow-Origin", origin);
        headers.put("Access-Control-Allow-Credentials", "true");
        headers.put("Vary", "Origin");
        if (preflight) {
            headers.put("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
            headers.put("Access-Control-Allow-Headers", "Content-Type, Authorization, Idempotency-Key");
            headers.put("Access-Control-Max-Age", "600");
        }
        return headers;
    }
}
