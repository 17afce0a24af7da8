package org.pushserver.mobile.apns;

import com.eatthepath.pushy.apns.ApnsClient;
import com.eatthepath.pushy.apns.ApnsClientBuilder;
import com.eatthepath.pushy.apns.PushNotificationResponse;
import com.eatthepath.pushy.apns.auth.ApnsSigningKey;
import com.eatthepath.pushy.apns.util.SimpleApnsPushNotification;
import org.pushserver.config.Setting;
import org.pushserver.config.check.InvalidConfigException;
import org.pushserver.config.mobile.ApnsConfig;
import org.pushserver.mobile.Device;
import org.pushserver.mobile.MobileProvider;
import org.pushserver.mobile.MobilePush;
import org.pushserver.mobile.Platform;
import org.pushserver.mobile.SendResult.Outcome;
import org.pushserver.mobile.SendResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * APNs over HTTP/2 with token (.p8) authentication, through Pushy: one client, its connections kept open and its
 * provider token renewed by Pushy. Apple's production host, its development host ({@code APNS_SANDBOX}), or
 * {@code APNS_SERVER} with {@code APNS_TRUST_CERT_FILE} as the trusted CA.
 *
 * <p>Verdicts: accepted is {@code SENT}; {@code 410}, {@code BadDeviceToken}, {@code Unregistered} and
 * {@code DeviceTokenNotForTopic} are {@code GONE}; {@code 429}, {@code 5xx}, {@code ExpiredProviderToken} (Pushy
 * makes a new one), connection failures and no answer within {@link #RESPONSE_TIMEOUT} are {@code RETRY}; any other
 * rejection is {@code FAILED}. The futures complete on Pushy's I/O thread: callers must not block in them.
 */
public final class ApnsProvider implements MobileProvider {
    /** A send with no answer by then is given up as {@code RETRY}, so a stalled connection never holds a worker. */
    static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Set<String> GONE_REASONS = Set.of("BadDeviceToken", "Unregistered", "DeviceTokenNotForTopic");
    private static final Logger log = LoggerFactory.getLogger(ApnsProvider.class);

    private final ApnsClient client;
    private final String topic;

    /** Loads the key and connects lazily; a key or CA that does not parse fails here naming its setting. */
    public ApnsProvider(ApnsConfig config) {
        if (!config.enabled()) {
            throw new InvalidConfigException(key(Setting.APNS_KEY_FILE) + ": not set, so APNs is off");
        }
        this.topic = config.topic();
        ApnsClientBuilder builder = new ApnsClientBuilder()
                .setSigningKey(signingKey(config))
                .setConnectionTimeout(CONNECT_TIMEOUT);
        if (config.serverHost() != null) {
            builder.setApnsServer(config.serverHost(), config.serverPort());
        } else {
            builder.setApnsServer(config.sandbox() ? ApnsClientBuilder.DEVELOPMENT_APNS_HOST
                    : ApnsClientBuilder.PRODUCTION_APNS_HOST);
        }
        if (config.trustCertFile() != null) {
            builder.setTrustedServerCertificateChain(config.trustCertFile().toFile());
        }
        try {
            this.client = builder.build();
        } catch (IOException | RuntimeException e) { // only the trusted CA is read here
            throw new InvalidConfigException(key(Setting.APNS_TRUST_CERT_FILE) + ": not a PEM certificate: " + e.getMessage());
        }
    }

    private static ApnsSigningKey signingKey(ApnsConfig config) {
        try {
            return ApnsSigningKey.loadFromPkcs8File(config.keyFile().toFile(), config.teamId(), config.keyId());
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new InvalidConfigException(key(Setting.APNS_KEY_FILE) + ": " + config.keyFile()
                    + " is not a PKCS#8 EC private key (.p8): " + e.getMessage());
        }
    }

    private static String key(Setting setting) {
        return setting.name() + " (" + setting.flag() + ")";
    }

    @Override
    public Platform platform() {
        return Platform.APNS;
    }

    @Override
    public CompletableFuture<SendResult> send(Device device, MobilePush push) {
        SimpleApnsPushNotification notification;
        try {
            notification = ApnsNotification.of(device.deviceToken(), topic, push);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(new SendResult(Outcome.FAILED, null, e.getMessage()));
        }
        CompletableFuture<SendResult> result = new CompletableFuture<>();
        try {
            client.sendNotification(notification).whenComplete((response, error) -> result.complete(verdict(response, error)));
        } catch (RuntimeException e) {
            result.complete(verdict(null, e));
        }
        return result.completeOnTimeout(new SendResult(Outcome.RETRY, null, "no answer within " + RESPONSE_TIMEOUT),
                        RESPONSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .thenApply(r -> logged(device, push, r));
    }

    static SendResult verdict(PushNotificationResponse<?> response, Throwable error) {
        if (error != null) {
            Throwable cause = error.getCause() != null ? error.getCause() : error;
            return new SendResult(Outcome.RETRY, null, cause.getClass().getSimpleName() + ": " + cause.getMessage());
        }
        if (response.isAccepted()) {
            return SendResult.sent();
        }
        int status = response.getStatusCode();
        String reason = response.getRejectionReason().orElse(String.valueOf(status));
        if (status == 410 || GONE_REASONS.contains(reason)) {
            return new SendResult(Outcome.GONE, null, reason);
        }
        if (status == 429 || status >= 500 || "ExpiredProviderToken".equals(reason)) {
            return new SendResult(Outcome.RETRY, null, reason);
        }
        return new SendResult(Outcome.FAILED, null, status + " " + reason);
    }

    private static SendResult logged(Device device, MobilePush push, SendResult result) {
        if (result.outcome() != Outcome.SENT) {
            log.info("apns {} for token {} message {}: {}", result.outcome(), device.tokenId(), push.messageId(),
                    result.reason());
        }
        return result;
    }

    @Override
    public void close() {
        try {
            client.close().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("apns client did not close cleanly: {}", e.toString());
        }
    }
}
