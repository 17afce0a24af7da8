package org.pushserver.api;

import org.pushserver.http.ErrorCode;

import org.pushserver.http.HttpReply;

import io.netty.handler.codec.http.HttpMethod;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Files bundled in the jar under {@code public/}: the home page at {@code /} and the demo under {@code /demo/}.
 * Every other path is a JSON 404. Files are read once and kept, since they never change while running.
 */
public final class StaticRoute implements Route {
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8", "json", "application/json", "png", "image/png",
            "svg", "image/svg+xml", "ico", "image/x-icon", "map", "application/json");

    private final Map<String, Optional<byte[]>> cache = new ConcurrentHashMap<>();

    @Override
    public Set<HttpMethod> methods() {
        return Set.of(HttpMethod.GET);
    }

    @Override
    public CompletableFuture<HttpReply> handle(HttpCall call) {
        String path = call.path();
        String resource = path.equals("/") ? "index.html"
                : path.equals("/demo") || path.equals("/demo/") ? "demo/index.html"
                : path.startsWith("/demo/") && !path.contains("..") && !path.contains("//") ? path.substring(1)
                : null;
        Optional<byte[]> body = resource == null || !call.method().equals(HttpMethod.GET)
                ? Optional.empty() : cache.computeIfAbsent(resource, StaticRoute::read);
        if (body.isEmpty()) {
            throw new ApiException(ErrorCode.NOT_FOUND, "no route for " + call.method() + " " + path);
        }
        String ext = resource.substring(resource.lastIndexOf('.') + 1);
        return CompletableFuture.completedFuture(
                new HttpReply(200, TYPES.getOrDefault(ext, "application/octet-stream"), body.get(), Map.of()));
    }

    private static Optional<byte[]> read(String resource) {
        try (InputStream in = StaticRoute.class.getClassLoader().getResourceAsStream("public/" + resource)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
