package org.pushserver.mobile.fcm;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.auth.Retryable;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.pushserver.mobile.SendResult;
import org.pushserver.mobile.SendResult.Outcome;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Classifies FCM's answer. {@code 2xx} is {@code SENT}. Only answers that say the token itself is dead are
 * {@code GONE}: the error code {@code UNREGISTERED} (FCM's 404 for an uninstalled app), or a 400
 * {@code INVALID_ARGUMENT} whose field violation is {@code message.token}. Any other 404 or 400 (a wrong
 * {@code FCM_ENDPOINT} or project, a bad payload) is {@code FAILED}, so a misconfiguration never empties the registry.
 * {@code 429} and {@code 5xx} are {@code RETRY}, after {@code Retry-After} (seconds or an HTTP date) when given;
 * anything else ({@code 401}, {@code 403}...) is {@code FAILED}.
 */
final class FcmVerdict {
    private static final ObjectMapper JSON = new ObjectMapper();

    private FcmVerdict() {
    }

    static SendResult of(HttpResponse<String> response) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return SendResult.sent();
        }
        JsonNode error = error(response.body());
        String code = errorCode(error);
        if ("UNREGISTERED".equals(code) || status == 400 && isAboutTheToken(error)) {
            return new SendResult(Outcome.GONE, null, status + " " + code);
        }
        if (status == 429 || status >= 500) {
            return new SendResult(Outcome.RETRY, retryAfter(response), status + " " + code);
        }
        return new SendResult(Outcome.FAILED, null, status + " " + code);
    }

    /**
     * A network failure (refused, reset, timed out) or no token in time is transient, and so is a token endpoint's {@code 429}/{@code 5xx};
     * a token endpoint refusing the service account ({@code invalid_grant}...) or anything else is permanent.
     */
    static SendResult ofFailure(String stage, Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        boolean transient_ = cause instanceof TimeoutException
                || cause instanceof IOException && !(cause instanceof Retryable r && !r.isRetryable());
        return new SendResult(transient_ ? Outcome.RETRY : Outcome.FAILED, null,
                stage + ": " + cause.getClass().getSimpleName() + ": " + cause.getMessage());
    }

    private static JsonNode error(String body) {
        try {
            return JSON.readTree(body == null ? "" : body).path("error");
        } catch (IOException e) {
            return JSON.missingNode(); // not the API's JSON: a proxy's page, say
        }
    }

    /** FCM's own code from the details ({@code UNREGISTERED}...), else the status ({@code NOT_FOUND}...). */
    private static String errorCode(JsonNode error) {
        for (JsonNode detail : error.path("details")) {
            if (detail.hasNonNull("errorCode")) {
                return detail.get("errorCode").asText();
            }
        }
        return error.path("status").asText("no error body");
    }

    private static boolean isAboutTheToken(JsonNode error) {
        for (JsonNode detail : error.path("details")) {
            for (JsonNode violation : detail.path("fieldViolations")) {
                if ("message.token".equals(violation.path("field").asText())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Duration retryAfter(HttpResponse<String> response) {
        String value = response.headers().firstValue("Retry-After").map(String::trim).orElse(null);
        if (value == null) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(Instant.now(),
                        ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return until.isNegative() ? Duration.ZERO : until;
            } catch (DateTimeParseException neither) {
                return null;
            }
        }
    }
}
