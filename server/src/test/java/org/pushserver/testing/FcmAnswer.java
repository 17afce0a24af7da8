package org.pushserver.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import java.util.Map;

/** An answer of {@link FcmServer}'s send endpoint: a status, a JSON body, extra headers; FCM's own errors built in. */
public record FcmAnswer(int status, String body, Map<String, String> headers) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** FCM's 404 for an app uninstalled: error code {@code UNREGISTERED}. */
    public static FcmAnswer unregistered() {
        return error(404, "NOT_FOUND", "Requested entity was not found.", "UNREGISTERED", null);
    }

    /** FCM's 400 for a token that is not one: a field violation on {@code message.token}. */
    public static FcmAnswer invalidToken() {
        return error(400, "INVALID_ARGUMENT", "The registration token is not a valid FCM registration token",
                "INVALID_ARGUMENT", "message.token");
    }

    /** A 503 with {@code Retry-After: seconds}. */
    public static FcmAnswer unavailable(int retryAfterSeconds) {
        FcmAnswer a = error(503, "UNAVAILABLE", "The service is currently unavailable.", "UNAVAILABLE", null);
        return new FcmAnswer(a.status, a.body, Map.of("Retry-After", String.valueOf(retryAfterSeconds)));
    }

    /** Google's error JSON, with FCM's error code and a field violation when given. */
    public static FcmAnswer error(int status, String rpcStatus, String message, String fcmErrorCode, String badField) {
        ObjectNode error = JSON.createObjectNode().put("code", status).put("message", message).put("status", rpcStatus);
        ArrayNode details = error.putArray("details");
        if (fcmErrorCode != null) {
            details.addObject().put("@type", "type.googleapis.com/google.firebase.fcm.v1.FcmError")
                    .put("errorCode", fcmErrorCode);
        }
        if (badField != null) {
            details.addObject().put("@type", "type.googleapis.com/google.rpc.BadRequest").putArray("fieldViolations")
                    .addObject().put("field", badField).put("description", message);
        }
        return new FcmAnswer(status, JSON.createObjectNode().set("error", error).toString(), Map.of());
    }

    /** Sends this answer on {@code exchange}. */
    public void writeTo(HttpExchange exchange) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json; charset=UTF-8");
        headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
