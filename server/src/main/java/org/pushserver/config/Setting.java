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
    CLIENT_BUNDLE("2", "socket.io browser client served at SOCKETIO_PATH/socket.io.js: 2 (2.x line), 4 (4.x line) or off"),
    API_KEYS("", "comma-separated API keys (Bearer); empty = protected mode, loopback callers only"),
    API_KEYS_FILE("", "file with the API keys, one per line (# comments), read at start and on SIGHUP; instead of API_KEYS"),
    MAX_BODY_BYTES("1048576", "largest /api request body"),
    MAX_TOKENS_PER_PUSH("10000", "most tokens in one push"),
    REQUEST_TIMEOUT_MS("10000", "time to receive a whole HTTP request"),
    PING_INTERVAL_MS("25000", "Engine.IO ping interval"),
    PING_TIMEOUT_MS("20000", "Engine.IO ping timeout"),
    CONNECT_TIMEOUT_MS("45000", "a connection that sends no Socket.IO CONNECT within this is closed"),
    MAX_FRAME_BYTES("65536", "largest inbound websocket frame or polling body; the handshake's maxPayload"),
    MAX_QUEUED_PACKETS("1000", "packets queued for a polling socket between polls, or messages waiting for the ack of a socket that acks, before it is disconnected"),
    MAX_PENDING_BYTES("4194304", "bytes waiting for a websocket peer that stopped reading before it is closed"),
    SHUTDOWN_TIMEOUT_MS("10000", "bound on a graceful stop"),
    IO_THREADS("0", "Netty worker threads, 0 = one per core"),
    REDIS_URL("", "redis://host:port, rediss://, redis-cluster://h:p,h:p or redis-sentinel://h:p,h:p/master; empty = single node in memory"),
    REDIS_PREFIX("pushserver", "prefix of every Redis key and channel"),
    NODE_TTL_MS("15000", "a node without heartbeat for this long leaves presence"),
    REDIS_TIMEOUT_MS("2000", "bound on every Redis call"),
    LOGIN_AUTH("none", "how user_login is verified: none (trust the tokenId), jwt or webhook"),
    JWT_SECRET("", "jwt: shared secret for HS256/384/512 (at least 32 bytes)"),
    JWT_PUBLIC_KEY_FILE("", "jwt: PEM public key (RSA or EC) for RS256/ES256"),
    JWKS_FILE("", "jwt: JSON Web Key Set file with the public keys"),
    JWT_ROOM_CLAIM("sub", "jwt: the claim that names the user's room"),
    JWT_ISSUER("", "jwt: required iss, empty = not checked"),
    JWT_AUDIENCE("", "jwt: required aud, empty = not checked"),
    JWT_CLOCK_SKEW_MS("30000", "jwt: tolerance on exp and nbf"),
    LOGIN_WEBHOOK_URL("", "webhook: URL the server POSTs {tokenId} to; the backend answers who it is"),
    LOGIN_WEBHOOK_TIMEOUT_MS("3000", "webhook: bound on one call; no answer = refused"),
    LOGIN_CACHE_MS("60000", "webhook: how long an answer is reused for the same tokenId"),
    MAX_LOGIN_FAILURES("5", "refused logins a socket may make before it is disconnected"),
    LOGINS_PER_MINUTE("30", "logins one socket may attempt per minute"),
    MAX_SOCKETS_PER_TOKEN("100", "sockets one token may have on a node, 0 = no limit"),
    MAX_CONNECTIONS_PER_IP("0", "open connections from one IP address, 0 = no limit (behind a proxy all share its IP)"),
    HMAC_MAX_SKEW_MS("300000", "signed /api requests: largest X-Timestamp skew, and how long a signature is remembered"),
    PUSHES_PER_SECOND_PER_KEY("0", "/api calls per second per API key (cluster-wide with Redis), 0 = no limit"),
    BROADCASTS_PER_MINUTE("60", "/api/broadcast calls per minute (cluster-wide with Redis), 0 = no limit"),
    OPS_KEYS("", "keys for /metrics and the /health details (Bearer); empty = open to all"),
    OPS_KEYS_FILE("", "file with the ops keys, one per line (# comments), read at start and on SIGHUP; instead of OPS_KEYS"),
    TLS_CERT_FILE("", "PEM certificate chain: serve HTTPS/WSS on PORT"),
    TLS_KEY_FILE("", "PEM private key (PKCS#8) of TLS_CERT_FILE"),
    TLS_KEYSTORE_FILE("", "PKCS#12 or JKS keystore, instead of the PEM files"),
    TLS_KEYSTORE_PASSWORD("", "password of TLS_KEYSTORE_FILE"),
    HISTORY_SIZE("100", "messages kept per token for GET /api/history and resume, 0 = history off"),
    HISTORY_TTL_MS("300000", "how long a message stays in history (and its fate is kept)"),
    HISTORY_MAX_BYTES("67108864", "bound on history, inbox and fates held in memory on one node; oldest evicted first"),
    MAX_TTL_SECONDS("86400", "largest \"ttl\" a push may ask for (offline inbox), 0 = inbox off"),
    INBOX_SIZE("100", "messages kept per offline token in the inbox; oldest expire first"),
    IDEMPOTENCY_WINDOW_MS("86400000", "how long a retry with the same Idempotency-Key gets the first answer"),
    IDEMPOTENCY_MAX_KEYS("100000", "Idempotency-Keys remembered on one node (in memory), oldest forgotten first"),
    RECOVERY_WINDOW_MS("120000", "socket.io-client 4.6+ connection-state recovery: how long a lost session waits for its client, 0 = off"),
    RECOVERY_MAX_SESSIONS("100000", "lost sessions kept for recovery on one node (in memory), oldest dropped first"),
    // mobile and web push to tokens without a socket (docs/MOBILE.md)
    MAX_DEVICES_PER_TOKEN("20", "devices one token may register; the oldest is dropped beyond it"),
    MOBILE_QUEUE_SIZE("10000", "notifications waiting to be sent to APNs, FCM or Web Push; a push beyond it is answered as not queued"),
    MOBILE_MAX_ATTEMPTS("5", "attempts per notification on transient failures (429, 5xx, network)"),
    MOBILE_MAX_RETRY_MS("60000", "how long a notification is retried before it is recorded as failed"),
    APNS_KEY_FILE("", "apns: the .p8 signing key; setting it turns APNs on"),
    APNS_KEY_ID("", "apns: the key's id"),
    APNS_TEAM_ID("", "apns: the Apple developer team id"),
    APNS_TOPIC("", "apns: the app's bundle id"),
    APNS_SANDBOX("false", "apns: true = Apple's development server"),
    APNS_SERVER("", "apns: host:port to use instead of Apple's (tests, proxies)"),
    APNS_TRUST_CERT_FILE("", "apns: PEM CA certificate to trust for APNS_SERVER"),
    FCM_SERVICE_ACCOUNT_FILE("", "fcm: the service-account JSON; setting it turns FCM on"),
    FCM_ENDPOINT("https://fcm.googleapis.com", "fcm: the HTTP v1 API's base URL"),
    VAPID_PUBLIC_KEY("", "webpush: base64url raw P-256 public key (65 bytes); setting the keys turns Web Push on"),
    VAPID_PRIVATE_KEY("", "webpush: base64url raw P-256 private key (32 bytes)"),
    VAPID_SUBJECT("", "webpush: mailto: or https: contact for the push services"),
    WEBPUSH_ALLOWED_HOSTS("fcm.googleapis.com,updates.push.services.mozilla.com,*.push.services.mozilla.com,*.notify.windows.com,web.push.apple.com,*.push.apple.com",
            "webpush: push-service hosts a subscription endpoint may name (*.suffix allowed); nothing else is contacted"),
    // webhooks and client events to the backend (docs/WEBHOOKS.md)
    WEBHOOK_URL("", "where token_online, token_offline and message_expired events are POSTed; empty = off"),
    WEBHOOK_SECRET("", "comma-separated secrets signing webhooks and client events, newest first"),
    WEBHOOK_OFFLINE_GRACE_MS("5000", "a token's last socket must stay gone this long before token_offline"),
    WEBHOOK_BATCH_MS("100", "events within this window go in one POST"),
    WEBHOOK_MAX_RETRY_MS("300000", "how long a failed webhook POST is retried before it is dropped and counted"),
    WEBHOOK_TIMEOUT_MS("5000", "bound on one webhook POST"),
    WEBHOOK_QUEUE_SIZE("10000", "webhook events waiting to be sent; beyond it new ones are dropped and counted"),
    CLIENT_EVENTS("", "comma-separated socket events forwarded to CLIENT_EVENTS_URL; empty = none"),
    CLIENT_EVENTS_URL("", "where client events are POSTed, signed with WEBHOOK_SECRET"),
    MAX_CLIENT_EVENT_BYTES("16384", "largest client event payload"),
    CLIENT_EVENTS_PER_SECOND("20", "client events one socket may send per second"),
    CLIENT_EVENTS_TIMEOUT_MS("5000", "bound on the backend's answer to a client event");

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
