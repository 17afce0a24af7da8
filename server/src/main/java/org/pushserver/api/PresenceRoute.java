package org.pushserver.api;

import io.netty.handler.codec.http.HttpMethod;
import org.pushserver.delivery.Broadcaster;
import org.pushserver.http.HttpReply;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * {@code GET /api/online?tokens=a,b} (or {@code POST} with {@code {"tokens": [...]}} for long lists): per token,
 * whether it is online anywhere in the cluster and with how many sockets.
 */
public final class PresenceRoute implements Route {
    private final PushRequestParser parser;
    private final Broadcaster broadcaster;

    public PresenceRoute(PushRequestParser parser, Broadcaster broadcaster) {
        this.parser = parser;
        this.broadcaster = broadcaster;
    }

    @Override
    public Set<HttpMethod> methods() {
        return Set.of(HttpMethod.GET, HttpMethod.POST);
    }

    @Override
    public boolean publishes() {
        return true; // who is online is as private as who gets what
    }

    @Override
    public CompletableFuture<HttpReply> handle(HttpCall call) {
        return broadcaster.presence(parser.presenceTokens(call)).thenApply(counts -> {
            Map<String, Object> tokens = new LinkedHashMap<>();
            counts.forEach((token, sockets) -> tokens.put(token, Map.of("online", sockets > 0, "sockets", sockets)));
            return HttpReply.json(200, Map.of("tokens", tokens));
        });
    }
}
