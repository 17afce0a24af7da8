package org.pushserver.api;

import org.pushserver.http.ErrorCode;

import org.pushserver.http.HttpReply;

import io.netty.handler.codec.http.HttpMethod;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Files bundled in the jar under {@code public/}: the home page at {@code /} and the demo under {@code /demo/}.
 * Every other path is a JSON 404. Which files exist is listed once at start, and a path that is not one of them never
 * reaches the class loader: looking up distinct missing names there left ~90 bytes each on the heap (HeapBoundsIT),
 * as a cache of misses did before. Files are read on first use and kept, since they never change while running.
 */
public final class StaticRoute implements Route {
    private static final String ROOT = "public/";
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8", "json", "application/json", "png", "image/png",
            "svg", "image/svg+xml", "ico", "image/x-icon", "map", "application/json");

    private final Set<String> names = bundledNames();
    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    @Override
    public Set<HttpMethod> methods() {
        return Set.of(HttpMethod.GET);
    }

    @Override
    public CompletableFuture<HttpReply> handle(HttpCall call) {
        String path = call.path();
        String resource = path.equals("/") ? "index.html"
                : path.equals("/demo") || path.equals("/demo/") ? "demo/index.html"
                : path.startsWith("/demo/") ? path.substring(1)
                : null;
        if (resource == null || !call.method().equals(HttpMethod.GET) || !names.contains(resource)) {
            throw new ApiException(ErrorCode.NOT_FOUND, "no route for " + call.method() + " " + path);
        }
        String ext = resource.substring(resource.lastIndexOf('.') + 1);
        return CompletableFuture.completedFuture(new HttpReply(200, TYPES.getOrDefault(ext, "application/octet-stream"),
                cache.computeIfAbsent(resource, StaticRoute::read), Map.of()));
    }

    /** The files under public/ where this class was loaded from: the jar, or the classes folder of a build. */
    private static Set<String> bundledNames() {
        try {
            Path source = Path.of(StaticRoute.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isDirectory(source)) {
                Path root = source.resolve(ROOT);
                if (!Files.isDirectory(root)) {
                    return Set.of();
                }
                try (Stream<Path> files = Files.walk(root)) {
                    return files.filter(Files::isRegularFile)
                            .map(f -> root.relativize(f).toString().replace('\\', '/'))
                            .collect(Collectors.toUnmodifiableSet());
                }
            }
            try (JarFile jar = new JarFile(source.toFile())) {
                return jar.stream().map(e -> e.getName())
                        .filter(name -> name.startsWith(ROOT) && !name.endsWith("/"))
                        .map(name -> name.substring(ROOT.length()))
                        .collect(Collectors.toUnmodifiableSet());
            }
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot list the bundled files under " + ROOT, e);
        }
    }

    private static byte[] read(String resource) {
        try (InputStream in = StaticRoute.class.getClassLoader().getResourceAsStream(ROOT + resource)) {
            if (in == null) {
                throw new IllegalStateException("listed but not found: " + ROOT + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
