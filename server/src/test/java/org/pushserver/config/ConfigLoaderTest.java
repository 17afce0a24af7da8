package org.pushserver.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pushserver.config.check.InvalidConfigException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigLoaderTest {

    @Test
    void defaultsMatchTheOldNodeServer() {
        AppConfig config = ConfigLoader.load(new String[0], Map.of());
        assertEquals(4001, config.server().port());
        assertEquals("0.0.0.0", config.server().host());
        assertEquals("/socket.io", config.socket().path());
        assertTrue(config.socket().anyOrigin());
        assertTrue(config.auth().protectedMode());
        assertEquals(1_048_576, config.api().maxBodyBytes());
        assertEquals(10_000, config.api().maxTokensPerPush());
        assertFalse(config.cluster().enabled());
        assertEquals("2", config.socket().clientBundle()); // the line the old Node server's pages were written for
    }

    @Test
    void flagsWinOverEnvironmentWhichWinsOverTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("push.properties");
        Files.writeString(file, "PORT=5000\nSOCKETIO_PATH=/file/socket.io\nMAX_TOKENS_PER_PUSH=7\n");
        AppConfig config = ConfigLoader.load(new String[] {"--config", file.toString(), "--port=6000"},
                Map.of("PORT", "5500", "SOCKETIO_PATH", "/ws/socket.io", "API_KEYS", "key-0123456789abcdef, key-fedcba9876543210"));
        assertEquals(6000, config.server().port());
        assertEquals("/ws/socket.io", config.socket().path());
        assertEquals(7, config.api().maxTokensPerPush());
        assertEquals(List.of("key-0123456789abcdef", "key-fedcba9876543210"), config.auth().apiKeys());
        assertEquals(Duration.ofSeconds(10), config.api().requestTimeout());
    }

    @Test
    void anInvalidValueFailsNamingItsKey() {
        assertEquals("PORT (--port): expected an integer, got 'abc'", fail(Map.of("PORT", "abc")));
        assertTrue(fail(Map.of("PORT", "70000")).startsWith("PORT:"));
        assertTrue(fail(Map.of("SOCKETIO_PATH", "socket.io")).startsWith("SOCKETIO_PATH"));
        assertTrue(fail(Map.of("API_KEYS", "short")).startsWith("API_KEYS"));
        assertTrue(fail(Map.of("REDIS_URL", "localhost:6379")).startsWith("REDIS_URL"));
        assertTrue(fail(Map.of("MAX_BODY_BYTES", "10")).startsWith("MAX_BODY_BYTES"));
        assertTrue(fail(Map.of("PING_TIMEOUT_MS", "0")).startsWith("PING_TIMEOUT_MS"));
        assertEquals("CLIENT_BUNDLE (--client-bundle): expected 2, 4 or off, got '3'", fail(Map.of("CLIENT_BUNDLE", "3")));
        assertEquals("off", ConfigLoader.load(new String[] {"--client-bundle", "OFF"}, Map.of()).socket().clientBundle());
    }

    @Test
    void keyFilesHoldOneKeyPerLineWithCommentsAndBlankLines(@TempDir Path dir) throws Exception {
        Path api = dir.resolve("api-keys");
        Files.writeString(api, "# rotated 2026-12\n\n  old-key-0123456789abcdef  \n\tnew-key-0123456789abcdef\n#retired-key-0123456789\n");
        Path ops = dir.resolve("ops-keys");
        Files.writeString(ops, "ops-key-0123456789abcdef\r\n");
        AppConfig config = ConfigLoader.load(new String[] {"--ops-keys-file", ops.toString()}, Map.of("API_KEYS_FILE", api.toString()));
        assertEquals(List.of("old-key-0123456789abcdef", "new-key-0123456789abcdef"), config.auth().apiKeys());
        assertEquals(List.of("ops-key-0123456789abcdef"), config.auth().opsKeys());
    }

    @Test
    void aKeySetInlineAndAsAFileFailsNamingBoth(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys");
        Files.writeString(file, "file-key-0123456789abcdef\n");
        String api = fail(Map.of("API_KEYS", "inline-key-0123456789abcdef", "API_KEYS_FILE", file.toString()));
        assertTrue(api.startsWith("API_KEYS (--api-keys) and API_KEYS_FILE (--api-keys-file) are both set"), api);
        String ops = fail(Map.of("OPS_KEYS", "inline-key-0123456789abcdef", "OPS_KEYS_FILE", file.toString()));
        assertTrue(ops.startsWith("OPS_KEYS (--ops-keys) and OPS_KEYS_FILE (--ops-keys-file) are both set"), ops);
    }

    @Test
    void aKeyFileThatIsMissingEmptyOrHoldsAShortKeyFailsNamingItsKey(@TempDir Path dir) throws Exception {
        assertTrue(fail(Map.of("API_KEYS_FILE", dir.resolve("absent").toString())).startsWith("API_KEYS_FILE (--api-keys-file): cannot read"));
        Path empty = dir.resolve("empty");
        Files.writeString(empty, "# nothing yet\n\n");
        assertTrue(fail(Map.of("OPS_KEYS_FILE", empty.toString())).startsWith("OPS_KEYS_FILE (--ops-keys-file): no key in"),
                "an emptied file must not open the routes");
        Path shortKey = dir.resolve("k3");
        Files.writeString(shortKey, "good-key-0123456789abcdef\ntiny-key\n");
        String message = fail(Map.of("API_KEYS_FILE", shortKey.toString()));
        assertTrue(message.startsWith("API_KEYS_FILE (--api-keys-file): line 2 of"), message);
        assertFalse(message.contains("good-key") || message.contains("tiny-key"), "never the keys: " + message);
    }

    @Test
    void historySettingsHaveTheIssuesDefaultsAndBadValuesFailNamingTheirKey() {
        HistoryConfig history = ConfigLoader.load(new String[0], Map.of()).history();
        assertEquals(100, history.size());
        assertEquals(Duration.ofMinutes(5), history.ttl());
        assertEquals(Duration.ofHours(24), history.idempotencyWindow());
        assertTrue(history.enabled());
        assertFalse(ConfigLoader.load(new String[] {"--history-size", "0"}, Map.of()).history().enabled());
        assertTrue(fail(Map.of("HISTORY_SIZE", "-1")).startsWith("HISTORY_SIZE"));
        assertTrue(fail(Map.of("HISTORY_TTL_MS", "0")).startsWith("HISTORY_TTL_MS"));
        assertTrue(fail(Map.of("HISTORY_MAX_BYTES", "1000")).startsWith("HISTORY_MAX_BYTES"));
        assertTrue(fail(Map.of("HISTORY_MAX_BYTES", "lots")).startsWith("HISTORY_MAX_BYTES"));
        assertTrue(fail(Map.of("MAX_TTL_SECONDS", "-5")).startsWith("MAX_TTL_SECONDS"));
        assertTrue(fail(Map.of("INBOX_SIZE", "0")).startsWith("INBOX_SIZE"));
        assertTrue(fail(Map.of("IDEMPOTENCY_WINDOW_MS", "0")).startsWith("IDEMPOTENCY_WINDOW_MS"));
        assertTrue(fail(Map.of("IDEMPOTENCY_MAX_KEYS", "0")).startsWith("IDEMPOTENCY_MAX_KEYS"));
    }

    @Test
    void mobileWebhookAndClientEventSettingsAreOffByDefaultAndBadValuesFailNamingTheirKey() {
        AppConfig config = ConfigLoader.load(new String[0], Map.of());
        assertFalse(config.mobile().enabled());
        assertFalse(config.webhook().enabled());
        assertFalse(config.clientEvents().enabled());
        assertEquals(20, config.mobile().maxDevicesPerToken());
        assertEquals(Duration.ofSeconds(5), config.webhook().offlineGrace());
        assertTrue(fail(Map.of("WEBHOOK_URL", "http://127.0.0.1:9/hook")).startsWith("WEBHOOK_SECRET"));
        assertTrue(fail(Map.of("WEBHOOK_URL", "ftp://127.0.0.1/hook", "WEBHOOK_SECRET", "0123456789abcdef")).startsWith("WEBHOOK_URL"));
        assertTrue(fail(Map.of("CLIENT_EVENTS", "chat_message")).startsWith("CLIENT_EVENTS_URL"));
        assertTrue(fail(Map.of("CLIENT_EVENTS", "chat_message", "CLIENT_EVENTS_URL", "http://127.0.0.1:9/e")).startsWith("WEBHOOK_SECRET"));
        assertTrue(fail(Map.of("CLIENT_EVENTS", "user_login", "CLIENT_EVENTS_URL", "http://127.0.0.1:9/e")).startsWith("CLIENT_EVENTS"));
        assertTrue(fail(Map.of("APNS_KEY_FILE", "/nonexistent/key.p8")).startsWith("APNS_KEY_FILE"));
        assertTrue(fail(Map.of("APNS_SERVER", "no-port")).startsWith("APNS_SERVER"));
        assertTrue(fail(Map.of("APNS_SANDBOX", "yes")).startsWith("APNS_SANDBOX"));
        assertTrue(fail(Map.of("VAPID_PUBLIC_KEY", "AAAA")).startsWith("VAPID_PRIVATE_KEY"));
        assertTrue(fail(Map.of("VAPID_PUBLIC_KEY", "AAAA", "VAPID_PRIVATE_KEY", "AAAA")).startsWith("VAPID_PUBLIC_KEY"));
        assertTrue(fail(Map.of("MAX_DEVICES_PER_TOKEN", "0")).startsWith("MAX_DEVICES_PER_TOKEN"));
        AppConfig secret = ConfigLoader.load(new String[] {"--webhook-secret", "hook-secret-0123456789"}, Map.of());
        assertFalse(secret.toString().contains("hook-secret-0123456789"));
    }

    @Test
    void unknownFlagsAndMissingValuesAreRejected() {
        assertThrows(InvalidConfigException.class, () -> ConfigLoader.load(new String[] {"--prot", "1"}, Map.of()));
        assertThrows(InvalidConfigException.class, () -> ConfigLoader.load(new String[] {"--port"}, Map.of()));
        assertThrows(InvalidConfigException.class, () -> ConfigLoader.load(new String[] {"4001"}, Map.of()));
    }

    @Test
    void helpListsEveryOptionWithItsDefault() {
        String help = ConfigLoader.help();
        for (Setting s : Setting.values()) {
            assertTrue(help.contains(s.flag()) && help.contains(s.name()), s.name());
        }
        assertTrue(help.contains("(default: 4001)"));
    }

    @Test
    void apiKeysAreNeverPrinted() {
        AppConfig config = ConfigLoader.load(new String[] {"--api-keys", "secret-0123456789abcdef"}, Map.of());
        assertFalse(config.toString().contains("secret-0123456789abcdef"));
    }

    private static String fail(Map<String, String> env) {
        return assertThrows(InvalidConfigException.class, () -> ConfigLoader.load(new String[0], env)).getMessage();
    }
}
