package org.pushserver.config;

import java.util.Objects;

/** The whole configuration, one record per section; each component is handed only its own section. */
public record AppConfig(ServerConfig server, SocketConfig socket, ApiConfig api, AuthConfig auth, LoginConfig login,
                        TlsConfig tls, ClusterConfig cluster, HistoryConfig history,
                        RecoveryConfig recovery) {
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
    }
}
