package org.pushserver.config;

import org.pushserver.config.check.InvalidConfigException;
import org.pushserver.config.mobile.MobileConfig;

import java.util.Objects;

/** The whole configuration, one record per section; each component is handed only its own section. */
public record AppConfig(ServerConfig server, SocketConfig socket, ApiConfig api, AuthConfig auth, LoginConfig login,
                        TlsConfig tls, ClusterConfig cluster, HistoryConfig history,
                        RecoveryConfig recovery, MobileConfig mobile, WebhookConfig webhook,
                        ClientEventsConfig clientEvents) {
    public AppConfig {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(socket, "socket");
        Objects.requireNonNull(api, "api");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(login, "login");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(recovery, "recovery");
        Objects.requireNonNull(mobile, "mobile");
        Objects.requireNonNull(webhook, "webhook");
        Objects.requireNonNull(clientEvents, "clientEvents");
        if (clientEvents.enabled() && webhook.secrets().isEmpty()) {
            throw new InvalidConfigException("WEBHOOK_SECRET (--webhook-secret): required with CLIENT_EVENTS, which it signs");
        }
    }
}
