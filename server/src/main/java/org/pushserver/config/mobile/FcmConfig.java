package org.pushserver.config.mobile;

import org.pushserver.config.check.InvalidConfigException;
import org.pushserver.config.check.Urls;

import java.net.URI;
import java.nio.file.Path;

/**
 * Firebase Cloud Messaging, HTTP v1; on when {@code FCM_SERVICE_ACCOUNT_FILE} is set.
 *
 * @param serviceAccountFile {@code FCM_SERVICE_ACCOUNT_FILE}: the service-account JSON (its {@code token_uri} is
 *                           honoured), or null
 * @param endpoint           {@code FCM_ENDPOINT}: the API's base URL
 */
public record FcmConfig(Path serviceAccountFile, URI endpoint) {
    public FcmConfig {
        if (serviceAccountFile != null) {
            ApnsConfig.readable("FCM_SERVICE_ACCOUNT_FILE", serviceAccountFile);
        }
        if (endpoint == null) {
            throw new InvalidConfigException("FCM_ENDPOINT (--fcm-endpoint): must not be empty");
        }
        Urls.httpUrl("FCM_ENDPOINT", endpoint);
    }

    /** True when FCM is configured. */
    public boolean enabled() {
        return serviceAccountFile != null;
    }
}
