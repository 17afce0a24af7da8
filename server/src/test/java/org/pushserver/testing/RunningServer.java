package org.pushserver.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.pushserver.PushServer;
import org.pushserver.auth.LoginVerifier;
import org.pushserver.config.ConfigLoader;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The real server, started in this JVM on 127.0.0.1 and a free port, with a small HTTP client for the tests.
 * Arguments are the command line's flags ({@code "--api-keys", "…"}); the environment is not read.
 */
public final class RunningServer implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private final PushServer server;

    private RunningServer(PushServer server) {
        this.server = server;
    }

    public static RunningServer start(String... args) {
        return startWith(null, args);
    }

    /** Starts with {@code loginVerifier} instead of the one {@code --login-auth} names (null: that one). */
    public static RunningServer startWith(LoginVerifier loginVerifier, String... args) {
        List<String> all = new ArrayList<>(List.of("--host", "127.0.0.1", "--port", "0", "--shutdown-timeout-ms", "2000"));
        all.addAll(List.of(args));
        return new RunningServer(new PushServer(ConfigLoader.load(all.toArray(String[]::new), Map.of()), loginVerifier).start());
    }

    public int port() {
        return server.port();
    }

    public String url() {
        return "http://127.0.0.1:" + port();
    }

    public PushServer server() {
        return server;
    }

    /** POSTs {@code body} as JSON to {@code path}; {@code headers} are name, value pairs. */
    public HttpResponse<String> post(String path, String body, String... headers) {
        return send(request(path, headers).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** POST /api {@code {tokens, entityType, data}} ({@code dataJson} as is): the answer, or an assertion error unless 200. */
    public JsonNode push(List<String> tokens, String entityType, String dataJson) {
        try {
            String body = "{\"tokens\":" + JSON.writeValueAsString(tokens) + ",\"entityType\":\"" + entityType + "\",\"data\":" + dataJson + "}";
            HttpResponse<String> response = post("/api", body);
            if (response.statusCode() != 200) {
                throw new AssertionError("POST /api answered " + response.statusCode() + ": " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<String> get(String path, String... headers) {
        return send(request(path, headers).GET().build());
    }

    public HttpRequest.Builder request(String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(10));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return b;
    }

    public HttpResponse<String> send(HttpRequest request) {
        return send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Sends {@code request}, reading the body with {@code body} (e.g. as bytes). */
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body) {
        try {
            return HTTP.send(request, body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
