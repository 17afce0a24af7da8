package org.pushserver.config;

import org.pushserver.config.check.Check;
import org.pushserver.config.check.InvalidConfigException;
import org.pushserver.config.check.Urls;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Signed webhooks to the backend ({@code token_online}, {@code token_offline}, {@code message_expired}), and the
 * secrets that sign them and client events.
 *
 * @param url          {@code WEBHOOK_URL}; null: no webhooks
 * @param secrets      {@code WEBHOOK_SECRET}: comma-separated, newest first (the first signs; list two while rotating)
 * @param offlineGrace {@code WEBHOOK_OFFLINE_GRACE_MS}: a token's last socket must stay gone this long before
 *                     {@code token_offline}, so that a page reload is not an offline + online pair
 * @param batch        {@code WEBHOOK_BATCH_MS}: events within this window go in one POST
 * @param maxRetry     {@code WEBHOOK_MAX_RETRY_MS}: how long a batch is retried before it is dropped and counted
 * @param timeout      {@code WEBHOOK_TIMEOUT_MS}: bound on one POST
 * @param queueSize    {@code WEBHOOK_QUEUE_SIZE}: events waiting to be sent; beyond it new events are dropped and counted
 */
public record WebhookConfig(URI url, List<String> secrets, Duration offlineGrace, Duration batch, Duration maxRetry,
                            Duration timeout, int queueSize) {
    public WebhookConfig {
        secrets = List.copyOf(secrets);
        if (url != null) {
            Urls.httpUrl("WEBHOOK_URL", url);
            if (secrets.isEmpty()) {
                throw new InvalidConfigException("WEBHOOK_SECRET (--webhook-secret): required with WEBHOOK_URL, so that the backend can verify each call");
            }
        }
        for (String secret : secrets) {
            if (secret.length() < AuthConfig.MIN_KEY_LENGTH) {
                throw new InvalidConfigException("WEBHOOK_SECRET (--webhook-secret): each secret needs at least "
                        + AuthConfig.MIN_KEY_LENGTH + " characters");
            }
        }
        Check.notNegative("WEBHOOK_OFFLINE_GRACE_MS", offlineGrace);
        Check.range("WEBHOOK_BATCH_MS", batch.toMillis(), 0, 60_000);
        Check.positive("WEBHOOK_MAX_RETRY_MS", maxRetry);
        Check.positive("WEBHOOK_TIMEOUT_MS", timeout);
        Check.range("WEBHOOK_QUEUE_SIZE", queueSize, 1, 10_000_000);
    }

    @Override
    public String toString() { // never the secrets
        return "WebhookConfig[url=" + url + ", secrets=" + secrets.size() + ", offlineGrace=" + offlineGrace + "]";
    }

    /** True when events are sent. */
    public boolean enabled() {
        return url != null;
    }
}
