package org.pushserver.config;

import org.pushserver.config.check.InvalidConfigException;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * HTTPS/WSS on the server's port, from PEM files or a keystore; all null = plain HTTP.
 *
 * @param certFile         PEM certificate chain ({@code TLS_CERT_FILE})
 * @param keyFile          PEM private key ({@code TLS_KEY_FILE})
 * @param keystoreFile     PKCS#12 or JKS keystore ({@code TLS_KEYSTORE_FILE})
 * @param keystorePassword its password ({@code TLS_KEYSTORE_PASSWORD})
 */
public record TlsConfig(Path certFile, Path keyFile, Path keystoreFile, String keystorePassword) {
    public TlsConfig {
        if (certFile != null && keyFile == null) {
            throw new InvalidConfigException("TLS_KEY_FILE (--tls-key-file): TLS_CERT_FILE is set; set its private key too");
        }
        if (keyFile != null && certFile == null) {
            throw new InvalidConfigException("TLS_CERT_FILE (--tls-cert-file): TLS_KEY_FILE is set; set its certificate too");
        }
        if (certFile != null && keystoreFile != null) {
            throw new InvalidConfigException("TLS_KEYSTORE_FILE: set either it or TLS_CERT_FILE/TLS_KEY_FILE, not both");
        }
        readable("TLS_CERT_FILE", certFile);
        readable("TLS_KEY_FILE", keyFile);
        readable("TLS_KEYSTORE_FILE", keystoreFile);
        keystorePassword = keystorePassword == null ? "" : keystorePassword;
    }

    private static void readable(String key, Path file) {
        if (file != null && !Files.isReadable(file)) {
            throw new InvalidConfigException(key + ": cannot read " + file);
        }
    }

    /** True when the server speaks TLS. */
    public boolean enabled() {
        return certFile != null || keystoreFile != null;
    }

    @Override
    public String toString() { // never the password
        return "TlsConfig[certFile=" + certFile + ", keyFile=" + keyFile + ", keystoreFile=" + keystoreFile + "]";
    }
}
