package org.pushserver.config;

import org.pushserver.config.check.InvalidConfigException;
import org.pushserver.config.mobile.ApnsConfig;
import org.pushserver.config.mobile.FcmConfig;
import org.pushserver.config.mobile.MobileConfig;
import org.pushserver.config.mobile.WebPushConfig;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Builds {@link AppConfig} from flags, then environment variables, then an optional properties file
 * ({@code --config FILE} or {@code CONFIG_FILE}, keys as the environment names), then defaults.
 */
public final class ConfigLoader {
    private final Map<Setting, String> values = new EnumMap<>(Setting.class);

    private ConfigLoader() {
    }

    /** Resolves every setting; throws {@link InvalidConfigException} naming the key on any bad value. */
    public static AppConfig load(String[] args, Map<String, String> env) {
        ConfigLoader loader = new ConfigLoader();
        Map<String, String> flags = parseFlags(args);
        String file = flags.getOrDefault("--config", env.get("CONFIG_FILE"));
        Properties fromFile = file == null ? new Properties() : readFile(Path.of(file));
        for (Setting s : Setting.values()) {
            String value = flags.getOrDefault(s.flag(), env.getOrDefault(s.name(), fromFile.getProperty(s.name(), s.defaultValue())));
            loader.values.put(s, value.trim());
        }
        return loader.build();
    }

    /** The {@code --help} text: every option with its environment name and default. */
    public static String help() {
        StringBuilder out = new StringBuilder("Usage: java -jar push-server.jar [--option value]...\n\n"
                + "Each option can also be set by the environment variable shown, or in a properties file\n"
                + "given with --config FILE (keys as the environment names). Flags win over the environment,\n"
                + "the environment over the file.\n\n");
        for (Setting s : Setting.values()) {
            out.append(String.format("  %-24s %-20s %s (default: %s)%n", s.flag(), s.name(), s.description(),
                    s.defaultValue().isEmpty() ? "none" : s.defaultValue()));
        }
        out.append(String.format("  %-24s %-20s %s%n", "--config", "CONFIG_FILE", "properties file with the settings above"));
        out.append(String.format("  %-24s %-20s %s%n", "--help", "", "print this help and exit"));
        return out.toString();
    }

    private AppConfig build() {
        return new AppConfig(
                new ServerConfig(str(Setting.HOST), integer(Setting.PORT), millis(Setting.SHUTDOWN_TIMEOUT_MS), integer(Setting.IO_THREADS)),
                new SocketConfig(str(Setting.SOCKETIO_PATH), list(Setting.CORS_ORIGINS), millis(Setting.PING_INTERVAL_MS),
                        millis(Setting.PING_TIMEOUT_MS), millis(Setting.CONNECT_TIMEOUT_MS), integer(Setting.MAX_FRAME_BYTES), integer(Setting.MAX_QUEUED_PACKETS),
                        integer(Setting.MAX_PENDING_BYTES), integer(Setting.MAX_SOCKETS_PER_TOKEN),
                        integer(Setting.MAX_CONNECTIONS_PER_IP), str(Setting.CLIENT_BUNDLE).toLowerCase(java.util.Locale.ROOT)),
                new ApiConfig(integer(Setting.MAX_BODY_BYTES), integer(Setting.MAX_TOKENS_PER_PUSH), millis(Setting.REQUEST_TIMEOUT_MS),
                        integer(Setting.PUSHES_PER_SECOND_PER_KEY), integer(Setting.BROADCASTS_PER_MINUTE)),
                new AuthConfig(keys(Setting.API_KEYS, Setting.API_KEYS_FILE), millis(Setting.HMAC_MAX_SKEW_MS),
                        keys(Setting.OPS_KEYS, Setting.OPS_KEYS_FILE)),
                new LoginConfig(loginMode(), str(Setting.JWT_SECRET), path(Setting.JWT_PUBLIC_KEY_FILE), path(Setting.JWKS_FILE),
                        str(Setting.JWT_ROOM_CLAIM), str(Setting.JWT_ISSUER), str(Setting.JWT_AUDIENCE),
                        millis(Setting.JWT_CLOCK_SKEW_MS), uri(Setting.LOGIN_WEBHOOK_URL), millis(Setting.LOGIN_WEBHOOK_TIMEOUT_MS),
                        millis(Setting.LOGIN_CACHE_MS), integer(Setting.MAX_LOGIN_FAILURES), integer(Setting.LOGINS_PER_MINUTE)),
                new TlsConfig(path(Setting.TLS_CERT_FILE), path(Setting.TLS_KEY_FILE), path(Setting.TLS_KEYSTORE_FILE),
                        str(Setting.TLS_KEYSTORE_PASSWORD)),
                new ClusterConfig(str(Setting.REDIS_URL), str(Setting.REDIS_PREFIX), millis(Setting.NODE_TTL_MS), millis(Setting.REDIS_TIMEOUT_MS)),
                new HistoryConfig(integer(Setting.HISTORY_SIZE), millis(Setting.HISTORY_TTL_MS), longValue(Setting.HISTORY_MAX_BYTES),
                        integer(Setting.MAX_TTL_SECONDS), integer(Setting.INBOX_SIZE), millis(Setting.IDEMPOTENCY_WINDOW_MS),
                        integer(Setting.IDEMPOTENCY_MAX_KEYS)),
                new RecoveryConfig(millis(Setting.RECOVERY_WINDOW_MS), integer(Setting.RECOVERY_MAX_SESSIONS)),
                new MobileConfig(integer(Setting.MAX_DEVICES_PER_TOKEN), integer(Setting.MOBILE_QUEUE_SIZE),
                        integer(Setting.MOBILE_MAX_ATTEMPTS), millis(Setting.MOBILE_MAX_RETRY_MS),
                        new ApnsConfig(path(Setting.APNS_KEY_FILE), str(Setting.APNS_KEY_ID), str(Setting.APNS_TEAM_ID),
                                str(Setting.APNS_TOPIC), bool(Setting.APNS_SANDBOX), str(Setting.APNS_SERVER),
                                path(Setting.APNS_TRUST_CERT_FILE)),
                        new FcmConfig(path(Setting.FCM_SERVICE_ACCOUNT_FILE), uri(Setting.FCM_ENDPOINT)),
                        new WebPushConfig(str(Setting.VAPID_PUBLIC_KEY), str(Setting.VAPID_PRIVATE_KEY), str(Setting.VAPID_SUBJECT),
                                list(Setting.WEBPUSH_ALLOWED_HOSTS))),
                new WebhookConfig(uri(Setting.WEBHOOK_URL), list(Setting.WEBHOOK_SECRET), millis(Setting.WEBHOOK_OFFLINE_GRACE_MS),
                        millis(Setting.WEBHOOK_BATCH_MS), millis(Setting.WEBHOOK_MAX_RETRY_MS), millis(Setting.WEBHOOK_TIMEOUT_MS),
                        integer(Setting.WEBHOOK_QUEUE_SIZE)),
                new ClientEventsConfig(java.util.Set.copyOf(list(Setting.CLIENT_EVENTS)), uri(Setting.CLIENT_EVENTS_URL),
                        integer(Setting.MAX_CLIENT_EVENT_BYTES), integer(Setting.CLIENT_EVENTS_PER_SECOND),
                        millis(Setting.CLIENT_EVENTS_TIMEOUT_MS)));
    }

    private LoginConfig.Mode loginMode() {
        try {
            return LoginConfig.Mode.valueOf(str(Setting.LOGIN_AUTH).toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException("LOGIN_AUTH (--login-auth): expected none, jwt or webhook, got '" + str(Setting.LOGIN_AUTH) + "'");
        }
    }

    private boolean bool(Setting s) {
        return switch (values.get(s).toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidConfigException(s.name() + " (" + s.flag() + "): expected true or false, got '" + values.get(s) + "'");
        };
    }

    private List<String> keys(Setting inline, Setting file) {
        return KeyList.resolve(inline, str(inline), file, str(file));
    }

    private Path path(Setting s) {
        return values.get(s).isEmpty() ? null : Path.of(values.get(s));
    }

    private URI uri(Setting s) {
        if (values.get(s).isEmpty()) {
            return null;
        }
        try {
            return new URI(values.get(s));
        } catch (URISyntaxException e) {
            throw new InvalidConfigException(s.name() + " (" + s.flag() + "): not a URL: " + e.getMessage());
        }
    }

    private String str(Setting s) {
        return values.get(s);
    }

    private List<String> list(Setting s) {
        return Arrays.stream(values.get(s).split(",")).map(String::trim).filter(v -> !v.isEmpty()).toList();
    }

    private int integer(Setting s) {
        try {
            return Integer.parseInt(values.get(s));
        } catch (NumberFormatException e) {
            throw new InvalidConfigException(s.name() + " (" + s.flag() + "): expected an integer, got '" + values.get(s) + "'");
        }
    }

    private long longValue(Setting s) {
        try {
            return Long.parseLong(values.get(s));
        } catch (NumberFormatException e) {
            throw new InvalidConfigException(s.name() + " (" + s.flag() + "): expected an integer, got '" + values.get(s) + "'");
        }
    }

    private Duration millis(Setting s) {
        return Duration.ofMillis(integer(s));
    }

    private static Map<String, String> parseFlags(String[] args) {
        Map<String, String> flags = new java.util.HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new InvalidConfigException("unexpected argument '" + arg + "'; see --help");
            }
            int eq = arg.indexOf('=');
            String name = eq > 0 ? arg.substring(0, eq) : arg;
            if (!name.equals("--config") && Arrays.stream(Setting.values()).noneMatch(s -> s.flag().equals(name))) {
                throw new InvalidConfigException("unknown option '" + name + "'; see --help");
            }
            if (eq > 0) {
                flags.put(name, arg.substring(eq + 1));
            } else if (i + 1 < args.length) {
                flags.put(name, args[++i]);
            } else {
                throw new InvalidConfigException(name + ": needs a value");
            }
        }
        return flags;
    }

    private static Properties readFile(Path file) {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            props.load(reader);
        } catch (IOException e) {
            throw new InvalidConfigException("CONFIG_FILE (--config): cannot read " + file + ": " + e.getMessage());
        }
        return props;
    }
}
