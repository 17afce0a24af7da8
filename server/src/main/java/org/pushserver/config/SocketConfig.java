package org.pushserver.config;

import org.pushserver.config.check.Check;
import org.pushserver.config.check.InvalidConfigException;

import java.time.Duration;
import java.util.List;

/**
 * The Socket.IO side: path, CORS, heartbeats and per-socket limits.
 *
 * @param path             Socket.IO path, e.g. {@code /socket.io} ({@code SOCKETIO_PATH})
 * @param corsOrigins      allowed origins; {@code *} allows any ({@code CORS_ORIGINS})
 * @param pingInterval     Engine.IO ping interval ({@code PING_INTERVAL_MS})
 * @param pingTimeout      Engine.IO ping timeout ({@code PING_TIMEOUT_MS})
 * @param connectTimeout   a session that sends no Socket.IO CONNECT within this is closed ({@code CONNECT_TIMEOUT_MS})
 * @param maxFrameBytes    largest inbound frame or polling body, sent as the handshake's {@code maxPayload} ({@code MAX_FRAME_BYTES})
 * @param maxQueuedPackets packets queued for a polling socket between polls, or messages waiting for the ack of a socket that acks, before it is disconnected ({@code MAX_QUEUED_PACKETS})
 * @param maxPendingBytes  bytes waiting for a websocket peer that stopped reading before it is closed ({@code MAX_PENDING_BYTES})
 * @param maxSocketsPerToken sockets one token may have on this node, 0 = no limit ({@code MAX_SOCKETS_PER_TOKEN})
 * @param maxConnectionsPerIp open connections from one address, 0 = no limit ({@code MAX_CONNECTIONS_PER_IP})
 * @param clientBundle     the socket.io client line served at {@code path + "/socket.io.js"}: {@code 2}, {@code 4} or
 *                         {@code off} ({@code CLIENT_BUNDLE})
 */
public record SocketConfig(String path, List<String> corsOrigins, Duration pingInterval, Duration pingTimeout,
                           Duration connectTimeout, int maxFrameBytes, int maxQueuedPackets, int maxPendingBytes,
                           int maxSocketsPerToken, int maxConnectionsPerIp, String clientBundle) {
    /** The values of {@code CLIENT_BUNDLE}: a client line, or none. */
    public static final List<String> CLIENT_BUNDLES = List.of("2", "4", "off");

    public SocketConfig {
        Check.notBlank("SOCKETIO_PATH", path);
        if (!path.startsWith("/") || path.length() > 1 && path.endsWith("/")) {
            throw new InvalidConfigException("SOCKETIO_PATH (--socketio-path): must start with '/' and not end with it, got '" + path + "'");
        }
        corsOrigins = List.copyOf(corsOrigins);
        if (corsOrigins.isEmpty()) {
            throw new InvalidConfigException("CORS_ORIGINS (--cors-origins): list at least one origin, or '*' for any");
        }
        Check.positive("PING_INTERVAL_MS", pingInterval);
        Check.positive("PING_TIMEOUT_MS", pingTimeout);
        Check.positive("CONNECT_TIMEOUT_MS", connectTimeout);
        Check.range("MAX_FRAME_BYTES", maxFrameBytes, 1024, 64 * 1024 * 1024);
        Check.range("MAX_QUEUED_PACKETS", maxQueuedPackets, 1, 1_000_000);
        Check.range("MAX_PENDING_BYTES", maxPendingBytes, 64 * 1024, 1024 * 1024 * 1024);
        Check.range("MAX_SOCKETS_PER_TOKEN", maxSocketsPerToken, 0, 1_000_000);
        Check.range("MAX_CONNECTIONS_PER_IP", maxConnectionsPerIp, 0, 10_000_000);
        if (!CLIENT_BUNDLES.contains(clientBundle)) {
            throw new InvalidConfigException("CLIENT_BUNDLE (--client-bundle): expected 2, 4 or off, got '" + clientBundle + "'");
        }
    }

    /** True when any origin may connect (the old Node server's {@code *:*}). */
    public boolean anyOrigin() {
        return corsOrigins.contains("*");
    }
}
