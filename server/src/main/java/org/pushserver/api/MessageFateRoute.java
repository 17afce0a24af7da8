package org.pushserver.api;

import org.pushserver.http.ErrorCode;

import org.pushserver.http.HttpReply;

import io.netty.handler.codec.http.HttpMethod;
import org.pushserver.history.MessageLog;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * {@code GET /api/messages/{id}}: what became of one message, per token ({@code delivered}, {@code pending},
 * {@code expired}, {@code offline}), and, for a push with a notification, per token its devices' outcome under
 * {@code mobile} ({@code queued}, {@code sent}, {@code failed}, {@code no_device}); kept as long as its history.
 * Publishers' auth applies.
 */
public final class MessageFateRoute implements Route {
    /** The path prefix; the id follows it. */
    public static final String PREFIX = "/api/messages/";

    private final MessageLog history;

    public MessageFateRoute(MessageLog history) {
        this.history = history;
    }

    @Override
    public Set<HttpMethod> methods() {
        return Set.of(HttpMethod.GET);
    }

    @Override
    public boolean publishes() {
        return true;
    }

    @Override
    public CompletableFuture<HttpReply> handle(HttpCall call) {
        String id = call.path().substring(PREFIX.length());
        return history.fate(id).thenApply(found -> found.map(fate -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("id", fate.id());
            body.put("createdAt", fate.createdAt());
            body.put("tokens", fate.tokens());
            if (!fate.mobile().isEmpty()) {
                body.put("mobile", fate.mobile());
            }
            return HttpReply.json(200, body);
        }).orElseThrow(() -> new ApiException(ErrorCode.MESSAGE_NOT_FOUND,
                "no message " + (id.length() > 64 ? id.substring(0, 64) + "…" : id) + " is kept: "
                        + ErrorCode.MESSAGE_NOT_FOUND.defaultMessage())));
    }
}
