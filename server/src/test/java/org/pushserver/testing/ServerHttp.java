package org.pushserver.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * The HTTP calls a test makes to a server on 127.0.0.1: shared by {@link RunningServer} and {@link ServerExtension},
 * so a test reads the same whether it starts its server itself or has the extension do it.
 */
public interface ServerHttp {
    /** One client for every test: connections are pooled, and nothing about it changes. */
    HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The bound port. */
    int port();

    default String url() {
        return "http://127.0.0.1:" + port();
    }

    /** POSTs {@code body} as JSON to {@code path}; {@code headers} are name, value pairs. */
    default HttpResponse<String> post(String path, String body, String... headers) {
        return send(request(path, headers).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** POST /api {@code {tokens, entityType, data}} ({@code dataJson} as is): the answer, or an assertion error unless 200. */
    default JsonNode push(List<String> tokens, String entityType, String dataJson) {
        ObjectMapper json = new ObjectMapper();
        try {
            String body = "{\"tokens\":" + json.writeValueAsString(tokens) + ",\"entityType\":\"" + entityType + "\",\"data\":" + dataJson + "}";
            HttpResponse<String> response = post("/api", body);
            if (response.statusCode() != 200) {
                throw new AssertionError("POST /api answered " + response.statusCode() + ": " + response.body());
            }
            return json.readTree(response.body());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    default HttpResponse<String> get(String path, String... headers) {
        return send(request(path, headers).GET().build());
    }

    default HttpRequest.Builder request(String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(10));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return b;
    }

    default HttpResponse<String> send(HttpRequest request) {
        return send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Sends {@code request}, reading the body with {@code body} (e.g. as bytes). */
    default <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body) {
        try {
            return HTTP.send(request, body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
