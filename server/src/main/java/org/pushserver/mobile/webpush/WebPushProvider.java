package org.pushserver.mobile.webpush;

import org.pushserver.config.mobile.WebPushConfig;
import org.pushserver.mobile.Device;
import org.pushserver.mobile.EndpointPolicy;
import org.pushserver.mobile.MobileProvider;
import org.pushserver.mobile.MobilePush;
import org.pushserver.mobile.Platform;
import org.pushserver.mobile.SendResult;
import org.pushserver.mobile.WebPushSubscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Web Push (RFC 8030) to browsers' push services: the message encrypted {@code aes128gcm} for the subscription
 * (RFC 8291), signed with VAPID (RFC 8292), posted once. Only endpoints that {@link EndpointPolicy} allows are ever
 * contacted; the check runs right before each post, since the allow-list may have changed since the device was
 * registered. Redirects are not followed. The encryption runs on a small pool of its own and the post on
 * {@link HttpClient}'s asynchronous path, so {@link #send} returns at once.
 */
public final class WebPushProvider implements MobileProvider {
    /** Push services accept bodies up to 4096 bytes (header and record together); larger ones are refused here. */
    static final int MAX_BODY_BYTES = 4096;
    static final int MAX_PLAINTEXT_BYTES = MAX_BODY_BYTES - ContentEncryption.HEADER_LENGTH - ContentEncryption.OVERHEAD;
    private static final int AUTH_BYTES = 16; // RFC 8291 §3.2
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final int PENDING = 10_000; // sends waiting for encryption; more are answered RETRY
    private static final Logger log = LoggerFactory.getLogger(WebPushProvider.class);

    private final EndpointPolicy policy;
    private final VapidAuthorization vapid;
    private final ContentEncryption encryption = new ContentEncryption();
    private final HttpClient http;
    private final ThreadPoolExecutor workers;
    private final Clock clock;

    /** A provider for {@code config}, which must be {@link WebPushConfig#enabled() enabled}. */
    public WebPushProvider(WebPushConfig config) {
        this(config, Clock.systemUTC());
    }

    WebPushProvider(WebPushConfig config, Clock clock) {
        if (!config.enabled()) {
            throw new IllegalArgumentException("Web Push is off: VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY are not set");
        }
        this.clock = clock;
        this.policy = new EndpointPolicy(config.allowedHosts());
        this.vapid = new VapidAuthorization(P256.privateKey(P256.fromBase64url(config.privateKey())),
                P256.base64url(P256.fromBase64url(config.publicKey())), config.subject(), clock);
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        AtomicInteger n = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(PENDING), r -> {
            Thread t = new Thread(r, "webpush-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        workers.allowCoreThreadTimeOut(true); // no thread while idle
    }

    @Override
    public Platform platform() {
        return Platform.WEBPUSH;
    }

    @Override
    public CompletableFuture<SendResult> send(Device device, MobilePush push) {
        try {
            return CompletableFuture.supplyAsync(() -> request(device, push), workers)
                    .thenCompose(prepared -> prepared.request() == null
                            ? CompletableFuture.completedFuture(prepared.refusal())
                            : http.sendAsync(prepared.request(), HttpResponse.BodyHandlers.discarding())
                                    .handle((response, error) -> outcome(device, response, error)))
                    .exceptionally(e -> failed(device, "cannot send: " + e));
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(new SendResult(SendResult.Outcome.RETRY, null,
                    workers.isShutdown() ? "provider closed" : "provider busy"));
        }
    }

    /** The request to post, or why there is none (FAILED: nothing was sent). */
    private Prepared request(Device device, MobilePush push) {
        WebPushSubscription subscription = device.subscription();
        if (subscription == null) {
            return Prepared.refused(failed(device, "not a webpush device"));
        }
        URI endpoint;
        try {
            endpoint = new URI(subscription.endpoint());
        } catch (java.net.URISyntaxException e) {
            return Prepared.refused(failed(device, "the endpoint is not a URL"));
        }
        Optional<String> refusal = policy.refusal(endpoint);
        if (refusal.isPresent()) {
            return Prepared.refused(failed(device, refusal.get()));
        }
        try {
            WebPushMessage message = WebPushMessage.of(push);
            if (message.json().length > MAX_PLAINTEXT_BYTES) {
                return Prepared.refused(failed(device, "the payload is " + message.json().length + " bytes, over the "
                        + MAX_PLAINTEXT_BYTES + " that fit a " + MAX_BODY_BYTES + "-byte Web Push body"));
            }
            byte[] auth = P256.fromBase64url(subscription.auth());
            if (auth.length != AUTH_BYTES) {
                return Prepared.refused(failed(device, "the subscription's auth secret is not " + AUTH_BYTES + " bytes"));
            }
            byte[] body = encryption.encrypt(message.json(), P256.fromBase64url(subscription.p256dh()), auth);
            HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                    .timeout(REQUEST_TIMEOUT)
                    .header("TTL", Long.toString(Math.max(0, push.ttl().toSeconds())))
                    .header("Content-Encoding", "aes128gcm")
                    .header("Content-Type", "application/octet-stream")
                    .header("Authorization", vapid.header(endpoint))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            if (message.urgency() != null) {
                request.header("Urgency", message.urgency());
            }
            if (message.topic() != null) {
                request.header("Topic", message.topic());
            }
            return new Prepared(request.build(), null);
        } catch (IllegalArgumentException e) { // a bad key in the subscription, a bad override
            return Prepared.refused(failed(device, e.getMessage()));
        }
    }

    /** The push service's answer, as the caller acts on it. */
    private SendResult outcome(Device device, HttpResponse<Void> response, Throwable error) {
        if (error != null) {
            log.info("webpush token={} attempt failed, will retry: {}", device.tokenId(), error.toString());
            return new SendResult(SendResult.Outcome.RETRY, null, error.getClass().getSimpleName());
        }
        int status = response.statusCode();
        String reason = "HTTP " + status;
        if (status >= 200 && status < 300) {
            log.debug("webpush token={} sent ({})", device.tokenId(), status);
            return new SendResult(SendResult.Outcome.SENT, null, reason);
        }
        if (status == 404 || status == 410) {
            log.info("webpush token={} subscription gone ({})", device.tokenId(), status);
            return new SendResult(SendResult.Outcome.GONE, null, reason);
        }
        if (status == 429 || status >= 500) {
            Duration retryAfter = RetryAfter.parse(response.headers().firstValue("Retry-After").orElse(null), clock);
            log.info("webpush token={} push service busy ({}), retry after {}", device.tokenId(), status, retryAfter);
            return new SendResult(SendResult.Outcome.RETRY, retryAfter, reason);
        }
        return failed(device, status >= 300 && status < 400 ? reason + " (redirects are not followed)" : reason);
    }

    private static SendResult failed(Device device, String reason) {
        log.warn("webpush token={} not sent: {}", device.tokenId(), reason);
        return new SendResult(SendResult.Outcome.FAILED, null, reason);
    }

    /** Stops taking sends; queued ones still run. The HTTP client's connections close when it is collected. */
    @Override
    public void close() {
        workers.shutdown();
    }

    /** A built request, or the result that replaces it. */
    private record Prepared(HttpRequest request, SendResult refusal) {
        static Prepared refused(SendResult result) {
            return new Prepared(null, result);
        }
    }
}
