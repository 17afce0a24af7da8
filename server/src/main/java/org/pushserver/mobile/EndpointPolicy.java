package org.pushserver.mobile;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which Web Push endpoints the server may post to ({@code WEBPUSH_ALLOWED_HOSTS}). Endpoints are URLs chosen by
 * clients, so without this a subscription could make the server send requests anywhere (SSRF). An endpoint is allowed
 * when it is an absolute {@code https} URL without user info whose host is listed exactly, or ends with
 * {@code .suffix} for a listed {@code *.suffix}. A listed loopback host ({@code 127.0.0.1}, {@code ::1},
 * {@code localhost}) may also be plain {@code http} (local push services in tests). Any port is allowed on an allowed
 * host. Hosts compare case-insensitively; IP literals and odd host forms match only when listed literally.
 */
public final class EndpointPolicy {
    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "::1", "localhost");

    private final Set<String> exact;
    private final List<String> suffixes; // ".push.apple.com" for "*.push.apple.com"

    /** @param allowedHosts host names, or {@code *.suffix} for every subdomain of suffix */
    public EndpointPolicy(List<String> allowedHosts) {
        this.exact = allowedHosts.stream().filter(h -> !h.startsWith("*.")).map(EndpointPolicy::normalize)
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
        this.suffixes = allowedHosts.stream().filter(h -> h.startsWith("*.")).map(h -> normalize(h.substring(1))).toList();
    }

    /** Whether the server may post to {@code endpoint}. */
    public boolean allows(URI endpoint) {
        return refusal(endpoint).isEmpty();
    }

    /** Why the server may not post to {@code endpoint}, or empty when it may. The reason names no secret. */
    public Optional<String> refusal(URI endpoint) {
        if (endpoint == null || !endpoint.isAbsolute() || endpoint.isOpaque()) {
            return Optional.of("the endpoint is not an absolute URL");
        }
        if (endpoint.getRawUserInfo() != null) { // https://fcm.googleapis.com@evil.example/ names evil.example
            return Optional.of("the endpoint carries user info");
        }
        String host = endpoint.getHost(); // null when the authority is not a server name (e.g. '_' in it)
        if (host == null || host.isEmpty()) {
            return Optional.of("the endpoint has no valid host");
        }
        host = normalize(host);
        if (!hostListed(host)) {
            return Optional.of("the endpoint's host " + host + " is not in WEBPUSH_ALLOWED_HOSTS");
        }
        String scheme = endpoint.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("https") || scheme.equals("http") && LOOPBACK.contains(host)) {
            return Optional.empty();
        }
        return Optional.of("the endpoint must be https (plain http only for a listed loopback host)");
    }

    private boolean hostListed(String host) {
        if (exact.contains(host)) {
            return true;
        }
        // a trailing-dot alias, an IPv6 or IPv4 literal: only when listed literally, never through a *.suffix
        if (host.endsWith(".") || host.contains(":") || host.chars().allMatch(c -> c == '.' || c >= '0' && c <= '9')) {
            return false;
        }
        for (String suffix : suffixes) {
            if (host.endsWith(suffix) && host.length() > suffix.length()) {
                return true;
            }
        }
        return false;
    }

    /** Lower case, IPv6 brackets removed: "[::1]" and "::1" are the same host. */
    private static String normalize(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }
}
