package org.pushserver.mobile.fcm;

import com.google.auth.RequestMetadataCallback;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import org.pushserver.config.Setting;
import org.pushserver.config.check.InvalidConfigException;
import org.pushserver.config.mobile.FcmConfig;
import org.pushserver.mobile.Device;
import org.pushserver.mobile.MobileProvider;
import org.pushserver.mobile.MobilePush;
import org.pushserver.mobile.Platform;
import org.pushserver.mobile.SendResult.Outcome;
import org.pushserver.mobile.SendResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * FCM HTTP v1: {@code POST {FCM_ENDPOINT}/v1/projects/{project_id}/messages:send} with an OAuth2 bearer token.
 *
 * <p>Tokens come from google-auth-library's {@link ServiceAccountCredentials}: a JWT assertion signed with the
 * service account's key, posted to the file's {@code token_uri} (any URL, a plain {@code http://} loopback one in
 * tests), cached until shortly before it expires and then refreshed once for all waiting sends (the library's single
 * flight). The refresh runs on one thread of its own, never a caller's; the library's own retries are off (retrying is
 * the caller's job) and its HTTP transport is bounded by google-http-client's 20 s connect and read timeouts, and a
 * send waits at most {@link #TOKEN_TIMEOUT} for a token. Sends go through the JDK's async {@link HttpClient} with
 * {@link #CONNECT_TIMEOUT} and {@link #REQUEST_TIMEOUT}. See {@link FcmVerdict} for how answers are classified.
 */
public final class FcmProvider implements MobileProvider {
    static final String SCOPE = "https://www.googleapis.com/auth/firebase.messaging";
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    static final Duration TOKEN_TIMEOUT = Duration.ofSeconds(45);
    private static final Logger log = LoggerFactory.getLogger(FcmProvider.class);

    private final GoogleCredentials credentials;
    private final URI sendUri;
    private final ExecutorService tokenThread = Executors.newSingleThreadExecutor(daemon("fcm-token"));
    private final ExecutorService httpThreads = Executors.newCachedThreadPool(daemon("fcm-http"));
    private final HttpClient http;

    /** Reads the service account; a file that does not parse, or has no project, fails here naming the setting. */
    public FcmProvider(FcmConfig config) {
        if (!config.enabled()) {
            throw new InvalidConfigException(key() + ": not set, so FCM is off");
        }
        ServiceAccountCredentials account = serviceAccount(config);
        if (account.getProjectId() == null || account.getProjectId().isBlank()) {
            throw new InvalidConfigException(key() + ": " + config.serviceAccountFile() + " has no project_id");
        }
        this.credentials = account.createWithCustomRetryStrategy(false).createScoped(List.of(SCOPE));
        String base = config.endpoint().toString().replaceAll("/+$", "");
        this.sendUri = URI.create(base + "/v1/projects/"
                + URLEncoder.encode(account.getProjectId(), StandardCharsets.UTF_8) + "/messages:send");
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).executor(httpThreads).build();
    }

    private static ServiceAccountCredentials serviceAccount(FcmConfig config) {
        try (InputStream in = Files.newInputStream(config.serviceAccountFile())) {
            return ServiceAccountCredentials.fromStream(in);
        } catch (IOException | RuntimeException e) {
            throw new InvalidConfigException(key() + ": " + config.serviceAccountFile()
                    + " is not a service-account JSON key: " + e.getMessage());
        }
    }

    private static String key() {
        return Setting.FCM_SERVICE_ACCOUNT_FILE.name() + " (" + Setting.FCM_SERVICE_ACCOUNT_FILE.flag() + ")";
    }

    @Override
    public Platform platform() {
        return Platform.FCM;
    }

    @Override
    public CompletableFuture<SendResult> send(Device device, MobilePush push) {
        String body = FcmMessage.of(device.deviceToken(), push);
        return authorization()
                .handle((auth, error) -> error != null
                        ? CompletableFuture.completedFuture(FcmVerdict.ofFailure("token", error)) : post(auth, body))
                .thenCompose(Function.identity())
                .thenApply(result -> logged(device, push, result));
    }

    private CompletableFuture<SendResult> post(String authorization, String body) {
        try {
            HttpRequest request = HttpRequest.newBuilder(sendUri).timeout(REQUEST_TIMEOUT)
                    .header("Authorization", authorization)
                    .header("Content-Type", "application/json; charset=UTF-8")
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
            return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                    .handle((response, error) -> error != null ? FcmVerdict.ofFailure("send", error) : FcmVerdict.of(response));
        } catch (RuntimeException e) { // closed
            return CompletableFuture.completedFuture(FcmVerdict.ofFailure("send", e));
        }
    }

    /** The {@code Authorization} value: at once when the cached token is fresh, else after the refresh. */
    private CompletableFuture<String> authorization() {
        CompletableFuture<String> auth = new CompletableFuture<>();
        try {
            credentials.getRequestMetadata(sendUri, tokenThread, new RequestMetadataCallback() {
                @Override
                public void onSuccess(Map<String, List<String>> metadata) {
                    List<String> values = metadata.get("Authorization");
                    if (values == null || values.isEmpty()) {
                        auth.completeExceptionally(new IllegalStateException("no Authorization from the credentials"));
                    } else {
                        auth.complete(values.get(0));
                    }
                }

                @Override
                public void onFailure(Throwable error) {
                    auth.completeExceptionally(error);
                }
            });
        } catch (RuntimeException e) { // the executor refused: closed
            auth.completeExceptionally(e);
        }
        return auth.orTimeout(TOKEN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static SendResult logged(Device device, MobilePush push, SendResult result) {
        if (result.outcome() != Outcome.SENT) {
            log.info("fcm {} for token {} message {}: {}", result.outcome(), device.tokenId(), push.messageId(),
                    result.reason());
        }
        return result;
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Stops the token thread and the HTTP client's threads (Java 17's HttpClient has no close of its own). */
    @Override
    public void close() {
        tokenThread.shutdownNow();
        httpThreads.shutdownNow();
    }
}
