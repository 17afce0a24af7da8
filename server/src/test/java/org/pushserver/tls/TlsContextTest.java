package org.pushserver.tls;

import io.netty.handler.ssl.SslContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pushserver.config.TlsConfig;
import org.pushserver.config.check.InvalidConfigException;
import org.pushserver.testing.TestCertificate;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The TLS context from each kind of file, and a start-up failure naming the key for each kind of bad one. */
class TlsContextTest {
    @TempDir
    static Path dir;
    private static TestCertificate server;
    private static TestCertificate other;

    @BeforeAll
    static void certificates() throws Exception {
        server = TestCertificate.generate(dir, "server");
        other = TestCertificate.generate(dir, "other");
    }

    @Test
    void noFilesMeansNoTls() {
        assertNull(TlsContext.of(new TlsConfig(null, null, null, null)));
    }

    @Test
    void aPemCertificateAndItsPkcs8KeyMakeAServerContext() throws Exception {
        SslContext context = TlsContext.of(new TlsConfig(server.certPem(), server.keyPem(), null, null));
        assertTrue(context.isServer());
    }

    @Test
    void pkcs12AndJksKeystoresMakeServerContexts() throws Exception {
        assertTrue(TlsContext.of(new TlsConfig(null, null, server.pkcs12(), TestCertificate.PASSWORD)).isServer());
        assertTrue(TlsContext.of(new TlsConfig(null, null, server.jks(), TestCertificate.PASSWORD)).isServer());
    }

    @Test
    void aWrongKeystorePasswordFailsNamingTheKeystore() {
        assertFailsNaming("TLS_KEYSTORE_FILE", new TlsConfig(null, null, server.pkcs12(), "wrong-password"));
    }

    @Test
    void aKeystoreWithoutAPrivateKeyFailsNamingTheKeystore() throws Exception {
        java.security.KeyStore trustOnly = java.security.KeyStore.getInstance("PKCS12");
        trustOnly.load(null, null);
        trustOnly.setCertificateEntry("ca", server.certificate());
        Path file = dir.resolve("trust-only.p12");
        try (var out = Files.newOutputStream(file)) {
            trustOnly.store(out, TestCertificate.PASSWORD.toCharArray());
        }
        assertFailsNaming("TLS_KEYSTORE_FILE", new TlsConfig(null, null, file, TestCertificate.PASSWORD));
    }

    @Test
    void aFileWithoutACertificateFailsNamingTheCertificateFile() throws Exception {
        Path garbage = Files.writeString(dir.resolve("garbage-cert.pem"), "-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n");
        assertFailsNaming("TLS_CERT_FILE", new TlsConfig(garbage, server.keyPem(), null, null));
        Path empty = Files.writeString(dir.resolve("empty-cert.pem"), "");
        assertFailsNaming("TLS_CERT_FILE", new TlsConfig(empty, server.keyPem(), null, null));
    }

    @Test
    void aKeyThatIsNotTheCertificatesFailsNamingTheKeyFile() throws Exception {
        assertFailsNaming("TLS_KEY_FILE", new TlsConfig(server.certPem(), other.keyPem(), null, null));
    }

    @Test
    void aKeyThatIsNotPkcs8FailsNamingTheKeyFileAndSayingHowToConvertIt() throws Exception {
        Path pkcs1 = Files.writeString(dir.resolve("rsa.pem"), "-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu\n-----END RSA PRIVATE KEY-----\n");
        String message = assertFailsNaming("TLS_KEY_FILE", new TlsConfig(server.certPem(), pkcs1, null, null));
        assertTrue(message.contains("openssl pkcs8 -topk8"), message);
        Path broken = Files.writeString(dir.resolve("broken.pem"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        assertFailsNaming("TLS_KEY_FILE", new TlsConfig(server.certPem(), broken, null, null));
    }

    private static String assertFailsNaming(String key, TlsConfig config) {
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> TlsContext.of(config));
        assertTrue(e.getMessage().startsWith(key), e::getMessage);
        return e.getMessage();
    }
}
