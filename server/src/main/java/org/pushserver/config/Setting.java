package org.pushserver.config;

/**
 * Every configuration key: its environment name, its flag, its default and what it does.
 * The flag is the environment name in lower case with dashes: {@code MAX_BODY_BYTES} is {@code --max-body-bytes}.
 */
public enum Setting {
    HOST("0.0.0.0", "interface to listen on"),
    PORT("4001", "TCP port (the old Node server's); 0 picks a free one"),
    SOCKETIO_PATH("/socket.io", "Socket.IO path, e.g. /ws/socket.io behind a proxy"),
    CORS_ORIGINS("*", "comma-separated allowed origins, or * for any"),
    API_KEYS("", "comma-separated API keys (Bearer); empty = protected mode, loopback callers only"),
    MAX_BODY_BYTES("1048576", "largest /api request body"),
    MAX_TOKENS_PER_PUSH("10000", "most tokens in one push"),
    REQUEST_TIMEOUT_MS("10000", "time to receive a whole HTTP request"),
    PING_INTERVAL_MS("25000", "Engine.IO ping interval"),
    PING_TIMEOUT_MS("20000", "Engine.IO ping timeout"),
    MAX_FRAME_BYTES("65536", "largest inbound websocket frame or polling body"),
    MAX_QUEUED_PACKETS("1000", "packets queued for a polling socket between polls before it is disconnected"),
    MAX_PENDING_BYTES("4194304", "bytes waiting for a websocket peer that stopped reading before it is closed"),
    SHUTDOWN_TIMEOUT_MS("10000", "bound on a graceful stop"),
    IO_THREADS("0", "Netty worker threads, 0 = one per core"),
    REDIS_URL("", "redis://host:port to cluster nodes through Redis; empty = single node in memory"),
    REDIS_PREFIX("pushserver", "prefix of every Redis key and channel"),
    NODE_TTL_MS("15000", "a node without heartbeat for this long leaves presence"),
    REDIS_TIMEOUT_MS("2000", "bound on every Redis call");

    private final String defaultValue;
    private final String description;

    Setting(String defaultValue, String description) {
        this.defaultValue = defaultValue;
        this.description = description;
    }

    public String flag() {
        return "--" + name().toLowerCase().replace('_', '-');
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }
}
