package org.pushserver.api.devices;

import io.netty.handler.codec.http.HttpMethod;
import org.pushserver.api.ApiException;
import org.pushserver.api.HttpCall;
import org.pushserver.api.Route;
import org.pushserver.config.mobile.WebPushConfig;
import org.pushserver.http.ErrorCode;
import org.pushserver.http.HttpReply;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * {@code GET /api/webpush/vapid-public-key}: {@code {"publicKey": "<base64url>"}}, the VAPID public key a page passes
 * to {@code pushManager.subscribe({applicationServerKey})}. Public, like any public key: no API key needed. Answers
 * a JSON 404 while Web Push is off.
 */
public final class VapidKeyRoute implements Route {
    /** Where it is served. */
    public static final String PATH = "/api/webpush/vapid-public-key";

    private final WebPushConfig config;

    public VapidKeyRoute(WebPushConfig config) {
        this.config = config;
    }

    @Override
    public Set<HttpMethod> methods() {
        return Set.of(HttpMethod.GET, HttpMethod.HEAD);
    }

    @Override
    public CompletableFuture<HttpReply> handle(HttpCall call) {
        if (!config.enabled()) {
            throw new ApiException(ErrorCode.NOT_FOUND,
                    "Web Push is off: the server has no VAPID key (set VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY and VAPID_SUBJECT)");
        }
        return CompletableFuture.completedFuture(HttpReply.json(200, Map.of("publicKey", config.publicKey().replace("=", ""))));
    }
}
