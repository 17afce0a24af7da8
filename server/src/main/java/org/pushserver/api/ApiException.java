package org.pushserver.api;

import org.pushserver.http.ErrorCode;

import org.pushserver.http.HttpReply;

import java.util.Map;

/** An error to answer with its {@link ErrorCode}'s status, a JSON body and, e.g. for 429, extra headers. */
public final class ApiException extends RuntimeException {
    private final ErrorCode code;
    private final Map<String, String> headers;

    public ApiException(ErrorCode code) {
        this(code, code.defaultMessage());
    }

    public ApiException(ErrorCode code, String message) {
        this(code, message, Map.of());
    }

    public ApiException(ErrorCode code, String message, Map<String, String> headers) {
        super(message, null, false, false);
        this.code = code;
        this.headers = Map.copyOf(headers);
    }

    public ErrorCode code() {
        return code;
    }

    /** The answer: status, JSON body and headers. */
    HttpReply reply() {
        HttpReply reply = HttpReply.error(code, getMessage());
        for (Map.Entry<String, String> h : headers.entrySet()) {
            reply = reply.withHeader(h.getKey(), h.getValue());
        }
        return reply;
    }
}
