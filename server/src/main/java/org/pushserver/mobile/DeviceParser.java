package org.pushserver.mobile;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Base64;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads a device from a registration body ({@code {"platform", "deviceToken"}}, or for webpush
 * {@code {"platform", "subscription": {"endpoint", "keys": {"p256dh", "auth"}}}}), the same for the HTTP route and the
 * socket event. Every refusal names its field; a platform without a configured provider is refused too, since its
 * devices could never be reached.
 */
public final class DeviceParser {
    /** Longer device tokens are refused: APNs tokens are 64 hex digits (Apple may lengthen them), FCM's about 160 characters. */
    public static final int MAX_DEVICE_TOKEN_LENGTH = 1024;
    /** Longer endpoints are refused: browsers' are a few hundred characters. */
    public static final int MAX_ENDPOINT_LENGTH = 2048;
    private static final int P256DH_BYTES = 65;
    private static final int AUTH_BYTES = 16;

    private final Set<Platform> configured;
    private final EndpointPolicy endpoints;

    /** @param configured the platforms whose provider is configured */
    public DeviceParser(Set<Platform> configured, EndpointPolicy endpoints) {
        this.configured = Set.copyOf(configured);
        this.endpoints = endpoints;
    }

    /** The device {@code body} describes, for {@code tokenId}, registered now. */
    public Device device(String tokenId, JsonNode body) {
        Platform platform = platform(body);
        long now = System.currentTimeMillis();
        Device device;
        if (platform != Platform.WEBPUSH) {
            device = new Device(tokenId, platform, deviceToken(body), null, now);
        } else {
            JsonNode subscription = subscription(body);
            String endpoint = endpoint(subscription);
            JsonNode keys = subscription.get("keys");
            if (keys == null || !keys.isObject()) {
                throw invalid("subscription.keys: required, an object {p256dh, auth}");
            }
            device = new Device(tokenId, platform, null, new WebPushSubscription(endpoint,
                    key(keys, "p256dh", P256DH_BYTES), key(keys, "auth", AUTH_BYTES)), now);
        }
        if (!configured.contains(platform)) { // after the fields: a client learns what is wrong with its input first
            throw new InvalidDeviceException("platform: " + platform.value() + " is not configured on this server"
                    + (configured.isEmpty() ? " (no provider is)" : "; configured: " + configured.stream()
                    .map(Platform::value).sorted().collect(Collectors.joining(", "))) + " (see docs/MOBILE.md)", true);
        }
        return device;
    }

    /**
     * The {@link Device#address()} {@code body} names, for removing it: only the platform and the device token or
     * endpoint are read, and an unconfigured platform is accepted (its devices may still be removed).
     */
    public String address(JsonNode body) {
        Platform platform = platform(body);
        String where = platform == Platform.WEBPUSH ? endpoint(subscription(body)) : deviceToken(body);
        return platform.value() + ":" + where;
    }

    private static Platform platform(JsonNode body) {
        JsonNode p = body.get("platform");
        return Platform.of(p != null && p.isTextual() ? p.textValue() : null).orElseThrow(() ->
                invalid("platform: required, one of apns, fcm, webpush"));
    }

    private static String deviceToken(JsonNode body) {
        JsonNode t = body.get("deviceToken");
        if (t == null || !t.isTextual() || t.textValue().isEmpty()) {
            throw invalid("deviceToken: required, a non-empty string");
        }
        String token = t.textValue();
        if (token.length() > MAX_DEVICE_TOKEN_LENGTH) {
            throw invalid("deviceToken: longer than " + MAX_DEVICE_TOKEN_LENGTH + " characters");
        }
        if (!token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw invalid("deviceToken: only printable ASCII without spaces");
        }
        return token;
    }

    private static JsonNode subscription(JsonNode body) {
        JsonNode s = body.get("subscription");
        if (s == null || !s.isObject()) {
            throw invalid("subscription: required for webpush, an object {endpoint, keys: {p256dh, auth}}");
        }
        return s;
    }

    private String endpoint(JsonNode subscription) {
        JsonNode e = subscription.get("endpoint");
        if (e == null || !e.isTextual() || e.textValue().isEmpty()) {
            throw invalid("subscription.endpoint: required, the push service's URL");
        }
        String endpoint = e.textValue();
        if (endpoint.length() > MAX_ENDPOINT_LENGTH) {
            throw invalid("subscription.endpoint: longer than " + MAX_ENDPOINT_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(endpoint);
        } catch (URISyntaxException x) {
            throw invalid("subscription.endpoint: not a URL");
        }
        endpoints.refusal(uri).ifPresent(why -> {
            throw invalid("subscription.endpoint: " + why);
        });
        return endpoint;
    }

    private static String key(JsonNode keys, String name, int bytes) {
        JsonNode k = keys.get(name);
        String field = "subscription.keys." + name;
        if (k == null || !k.isTextual()) {
            throw invalid(field + ": required, base64url of " + bytes + " bytes");
        }
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(k.textValue().replace("=", ""));
        } catch (IllegalArgumentException e) {
            throw invalid(field + ": not base64url");
        }
        if (raw.length != bytes || (bytes == P256DH_BYTES && raw[0] != 4)) {
            throw invalid(field + ": expected " + bytes + " bytes" + (bytes == P256DH_BYTES ? " (an uncompressed P-256 point)" : "")
                    + ", got " + raw.length);
        }
        return k.textValue();
    }

    private static InvalidDeviceException invalid(String message) {
        return new InvalidDeviceException(message, false);
    }
}
