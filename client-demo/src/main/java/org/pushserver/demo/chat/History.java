package org.pushserver.demo.chat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code GET /conversations?user=a&with=b}: the lines kept between two users, oldest first, as
 * {@code {"messages": [{id, from, to, text, timeMs}, …]}}, for a page that loads or reloads.
 */
final class History implements HttpHandler {
    private final Conversations conversations;

    History(Conversations conversations) {
        this.conversations = conversations;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (exchange.getRequestMethod().equals("OPTIONS")) {
                Replies.cors(exchange);
                exchange.sendResponseHeaders(204, -1);
                return;
            }
            if (!exchange.getRequestMethod().equals("GET")) {
                Replies.error(exchange, 405, "method_not_allowed", "GET a conversation here");
                return;
            }
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            String user = query.get("user");
            String with = query.get("with");
            if (user == null || user.isBlank() || with == null || with.isBlank()) {
                Replies.error(exchange, 400, "invalid_query", "give both users: /conversations?user=a&with=b");
                return;
            }
            Replies.json(exchange, 200, Map.of("messages", conversations.between(user, with)));
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> params = new HashMap<>();
        if (raw == null) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                try {
                    params.putIfAbsent(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) { // a broken %-escape: that parameter is missing
                    continue;
                }
            }
        }
        return params;
    }
}
