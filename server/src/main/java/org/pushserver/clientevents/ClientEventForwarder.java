package org.pushserver.clientevents;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.pushserver.api.PushRequestParser;
import org.pushserver.auth.LimitedBody;
import org.pushserver.config.ClientEventsConfig;
import org.pushserver.metrics.PushMetrics;
import org.pushserver.publish.Publisher;
import org.pushserver.webhook.WebhookSigner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Forwards a client event to {@code CLIENT_EVENTS_URL}: a signed POST of {@code {"tokenId", "socketId", "event",
 * "data", "timeMs"}} (java.net.http, asynchronous: the caller, an event loop, never waits), whose 2xx answer becomes
 * the socket's ack ({@link AnswerPublisher}, which also publishes the answer's {@code publish}). At most
 * {@link #MAX_IN_FLIGHT} events wait for the backend on this node; beyond that an event is refused as {@code busy}
 * rather than queued, so a slow backend costs memory in proportion to that bound only. Every outcome is counted.
 */
public final class ClientEventForwarder {
    /** Events waiting for the backend at once on one node; more are refused as {@code busy}. */
    public static final int MAX_IN_FLIGHT = 256;
    private static final Logger log = LoggerFactory.getLogger(ClientEventForwarder.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ClientEventsConfig config;
    private final int maxAnswerBytes;
    private final WebhookSigner signer;
    private final AnswerPublisher answers;
    private final PushMetrics metrics;
    private final String target;
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    // HTTP/1.1: no h2c upgrade headers for plain-HTTP backends to trip on. Redirects are not followed (an error).
    private final HttpClient http;

    /**
     * @param maxAnswerBytes the largest answer read ({@code MAX_BODY_BYTES}, as its publish is a push)
     * @param parser         validates an answer's {@code publish} as a {@code POST /api} body
     */
    public ClientEventForwarder(ClientEventsConfig config, int maxAnswerBytes, WebhookSigner signer,
                                PushRequestParser parser, Publisher publisher, PushMetrics metrics) {
        this.config = config;
        this.maxAnswerBytes = maxAnswerBytes;
        this.signer = signer;
        this.answers = new AnswerPublisher(parser, publisher);
        this.metrics = metrics;
        URI url = config.url();
        // The URL may carry a secret (user info, a query key): logs show scheme, host, port and path only.
        this.target = url.getScheme() + "://" + url.getHost() + (url.getPort() >= 0 ? ":" + url.getPort() : "") + url.getRawPath();
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(config.timeout()).build();
    }

    /** Events waiting for the backend now. */
    public int inFlight() {
        return MAX_IN_FLIGHT - inFlight.availablePermits();
    }

    /** Counts a refusal decided before forwarding (by the socket side) and returns it. */
    public ClientEventResult refuse(ClientEventOutcome outcome) {
        metrics.clientEvent(outcome.code());
        return ClientEventResult.refused(outcome);
    }

    /** Forwards {@code event}; completes, never exceptionally, with its outcome and ack. */
    public CompletableFuture<ClientEventResult> forward(ClientEvent event) {
        long start = System.nanoTime();
        byte[] body;
        try {
            if (JSON.writeValueAsBytes(event.data()).length > config.maxBytes()) {
                return CompletableFuture.completedFuture(refuse(ClientEventOutcome.TOO_LARGE));
            }
            ObjectNode json = JSON.createObjectNode().put("tokenId", event.tokenId()).put("socketId", event.socketId())
                    .put("event", event.event());
            json.set("data", event.data());
            body = JSON.writeValueAsBytes(json.put("timeMs", System.currentTimeMillis()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
        if (!inFlight.tryAcquire()) {
            // debug, not warn: under a slow backend every further event is refused so, and counted
            log.debug("client event {} socket={} token={}: {} events already wait for {}; refused as busy", event.event(),
                    event.socketId(), event.tokenId(), MAX_IN_FLIGHT, target);
            return CompletableFuture.completedFuture(refuse(ClientEventOutcome.BUSY));
        }
        WebhookSigner.Signature signature = signer.sign(body, System.currentTimeMillis());
        HttpRequest request = HttpRequest.newBuilder(config.url()).timeout(config.timeout())
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .header(WebhookSigner.TIMESTAMP_HEADER, signature.timestamp())
                .header(WebhookSigner.SIGNATURE_HEADER, signature.signature())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        CompletableFuture<HttpResponse<byte[]>> sent;
        try {
            sent = http.sendAsync(request, LimitedBody.upTo(maxAnswerBytes));
        } catch (RuntimeException e) { // not expected of sendAsync; the permit must not leak
            inFlight.release();
            return CompletableFuture.completedFuture(refuse(failed(event, e).outcome()));
        }
        // The request's timeout bounds the wait for the headers only; this bounds the body too.
        return sent.copy().orTimeout(config.timeout().toMillis(), TimeUnit.MILLISECONDS)
                .handle((response, error) -> {
                    if (error != null) {
                        sent.cancel(true); // on a timeout: abandon the exchange and its connection
                        return CompletableFuture.completedFuture(failed(event, unwrap(error)));
                    }
                    return answered(event, response);
                })
                .thenCompose(result -> result)
                .exceptionally(error -> { // a defect in reading the answer: the socket still gets its ack
                    log.error("client event {} socket={} token={}: the answer could not be handled", event.event(),
                            event.socketId(), event.tokenId(), error);
                    return ClientEventResult.refused(ClientEventOutcome.BAD_ANSWER);
                })
                .whenComplete((result, never) -> {
                    inFlight.release();
                    metrics.clientEventRoundTrip(System.nanoTime() - start);
                    metrics.clientEvent(result.outcome().code());
                    log.debug("client event {} socket={} token={}: {}", event.event(), event.socketId(), event.tokenId(),
                            result.outcome().code());
                });
    }

    private CompletableFuture<ClientEventResult> answered(ClientEvent event, HttpResponse<byte[]> response) {
        int status = response.statusCode();
        if (status / 100 != 2) {
            log.warn("client event {} socket={} token={}: {} answered HTTP {}", event.event(), event.socketId(),
                    event.tokenId(), target, status);
            return CompletableFuture.completedFuture(ClientEventResult.refused(ClientEventOutcome.BACKEND_ERROR));
        }
        return answers.apply(event, response.body());
    }

    private ClientEventResult failed(ClientEvent event, Throwable cause) {
        ClientEventOutcome outcome = cause instanceof TimeoutException || cause instanceof HttpTimeoutException
                ? ClientEventOutcome.TIMEOUT
                : cause instanceof LimitedBody.TooLarge ? ClientEventOutcome.BAD_ANSWER : ClientEventOutcome.UNREACHABLE;
        log.warn("client event {} socket={} token={}: {} failed ({}): {}", event.event(), event.socketId(),
                event.tokenId(), target, outcome.code(), cause.toString());
        return ClientEventResult.refused(outcome);
    }

    private static Throwable unwrap(Throwable error) {
        while ((error instanceof CompletionException || error instanceof ExecutionException) && error.getCause() != null) {
            error = error.getCause();
        }
        return error;
    }
}
