package org.pushserver.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pushserver.config.check.InvalidConfigException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The TLS settings as the loader reads them: on only with a complete source, else an error naming what is missing. */
class TlsConfigTest {
    @TempDir
    Path dir;

    @Test
    void noTlsSettingsMeanPlainHttp() {
        assertFalse(ConfigLoader.load(new String[0], Map.of()).tls().enabled());
    }

    @Test
    void aCertificateWithoutAKeyFailsNamingTheKey() throws Exception {
        Path cert = Files.writeString(dir.resolve("cert.pem"), "x");
        String message = fail(Map.of("TLS_CERT_FILE", cert.toString()));
        assertTrue(message.startsWith("TLS_KEY_FILE"), message);
    }

    @Test
    void aKeyWithoutACertificateFailsNamingTheCertificate() throws Exception {
        Path key = Files.writeString(dir.resolve("key.pem"), "x");
        String message = fail(Map.of("TLS_KEY_FILE", key.toString()));
        assertTrue(message.startsWith("TLS_CERT_FILE"), message);
    }

    @Test
    void pemFilesAndAKeystoreTogetherAreRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("any.pem"), "x");
        String message = fail(Map.of("TLS_CERT_FILE", file.toString(), "TLS_KEY_FILE", file.toString(), "TLS_KEYSTORE_FILE", file.toString()));
        assertTrue(message.startsWith("TLS_KEYSTORE_FILE"), message);
    }

    @Test
    void anUnreadableFileFailsNamingItsKey() {
        String message = fail(Map.of("TLS_KEYSTORE_FILE", dir.resolve("missing.p12").toString()));
        assertTrue(message.startsWith("TLS_KEYSTORE_FILE"), message);
    }

    private static String fail(Map<String, String> env) {
        return assertThrows(InvalidConfigException.class, () -> ConfigLoader.load(new String[0], env)).getMessage();
    }
}
