package org.pushserver.api;

import org.pushserver.http.ErrorCode;

import org.pushserver.http.HttpReply;

import com.fasterxml.jackson.databind.util.RawValue;
import io.netty.handler.codec.http.HttpMethod;
import org.pushserver.delivery.Token;
import org.pushserver.history.MessageLog;
import org.pushserver.history.Recovery;
import org.pushserver.history.StoredMessage;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * {@code GET /api/history?token=T&since=ID&limit=N}: the token's messages (its own and broadcasts) after {@code since},
 * oldest first, all or none. {@code covered: false} says history no longer reaches back to {@code since}: the caller
 * then reloads from its own backend. Publishers' auth applies: a history is as private as the pushes in it.
 */
public final class HistoryRoute implements Route {
    /** Most messages one answer lists. */
    static final int MAX_LIMIT = 1000;

    private final MessageLog history;
    private final int defaultLimit;

    /** @param defaultLimit messages per answer when {@code limit} is absent (HISTORY_SIZE, at most {@value #MAX_LIMIT}) */
    public HistoryRoute(MessageLog history, int defaultLimit) {
        this.history = history;
        this.defaultLimit = Math.max(1, Math.min(MAX_LIMIT, defaultLimit));
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
        String token = Token.normalize(single(call, "token")).orElseThrow(() -> new ApiException(ErrorCode.INVALID_FIELD,
                "token: required, a token id of at most " + Token.MAX_LENGTH + " characters"));
        String since = single(call, "since");
        int limit = limit(single(call, "limit"));
        return history.since(token, since == null || since.isEmpty() ? null : since, limit).thenApply(r -> {
            if (r.outcome() == Recovery.Outcome.INVALID) {
                throw new ApiException(ErrorCode.INVALID_FIELD, "since: " + r.reason());
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("token", token);
            body.put("since", since);
            body.put("covered", r.recovered());
            if (!r.recovered()) {
                body.put("reason", r.reason());
            }
            body.put("messages", r.messages().stream().map(HistoryRoute::json).toList());
            body.put("more", r.more());
            return HttpReply.json(200, body);
        });
    }

    /** A kept message as the API shows it; {@code data} is written as the JSON it was sent as. */
    static Map<String, Object> json(StoredMessage m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", m.id());
        out.put("createdAt", m.createdAt());
        out.put("entityType", m.message().entityType());
        out.put("data", new RawValue(m.message().dataJson()));
        return out;
    }

    private static String single(HttpCall call, String name) {
        List<String> values = call.query().get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw new ApiException(ErrorCode.INVALID_FIELD, name + ": given " + values.size() + " times, send it once");
        }
        return values.get(0);
    }

    private int limit(String text) {
        if (text == null) {
            return defaultLimit;
        }
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ApiException(ErrorCode.INVALID_FIELD, "limit: a whole number from 1 to " + MAX_LIMIT);
    }
}
