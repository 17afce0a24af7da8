package org.pushserver.tls;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import org.pushserver.config.TlsConfig;
import org.pushserver.config.check.InvalidConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;

/**
 * The server's TLS context, from PEM files (certificate chain + PKCS#8 key) or a PKCS#12/JKS keystore. Everything is
 * read and checked at start-up, so a bad file stops the server with its key named instead of failing every handshake.
 */
public final class TlsContext {
    private static final Logger log = LoggerFactory.getLogger(TlsContext.class);
    private static final String PKCS8_BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String PKCS8_END = "-----END PRIVATE KEY-----";
    private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS");

    private TlsContext() {
    }

    /** The context for {@code tls}, or null when TLS is off; logs which. */
    public static SslContext of(TlsConfig tls) {
        if (!tls.enabled()) {
            log.info("TLS off: plain HTTP/WS (TLS_CERT_FILE + TLS_KEY_FILE or TLS_KEYSTORE_FILE turn on HTTPS/WSS)");
            return null;
        }
        SslContextBuilder builder = tls.keystoreFile() != null ? fromKeystore(tls) : fromPem(tls.certFile(), tls.keyFile());
        try {
            return builder.build();
        } catch (IOException | RuntimeException e) {
            throw new InvalidConfigException((tls.keystoreFile() != null ? "TLS_KEYSTORE_FILE" : "TLS_CERT_FILE")
                    + ": cannot be used for TLS: " + e);
        }
    }

    private static SslContextBuilder fromPem(Path certFile, Path keyFile) {
        X509Certificate[] chain = certificates(certFile);
        PrivateKey key = privateKey(keyFile);
        if (!matches(key, chain[0])) {
            throw new InvalidConfigException("TLS_KEY_FILE: " + keyFile + " is not the private key of the certificate in TLS_CERT_FILE");
        }
        announce(certFile, chain[0]);
        return SslContextBuilder.forServer(key, chain);
    }

    private static X509Certificate[] certificates(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            X509Certificate[] chain = CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(X509Certificate.class::cast).toArray(X509Certificate[]::new);
            if (chain.length == 0) {
                throw new InvalidConfigException("TLS_CERT_FILE: no certificate in " + file);
            }
            return chain;
        } catch (IOException | GeneralSecurityException e) {
            throw new InvalidConfigException("TLS_CERT_FILE: cannot read a PEM certificate from " + file + ": " + e.getMessage());
        }
    }

    private static PrivateKey privateKey(Path file) {
        String pem;
        try {
            pem = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new InvalidConfigException("TLS_KEY_FILE: cannot read " + file + ": " + e);
        }
        int begin = pem.indexOf(PKCS8_BEGIN);
        int end = pem.indexOf(PKCS8_END);
        if (begin < 0 || end < begin) {
            throw new InvalidConfigException("TLS_KEY_FILE: " + file + " holds no unencrypted PKCS#8 key (-----BEGIN PRIVATE KEY-----);"
                    + " convert one with: openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(pem.substring(begin + PKCS8_BEGIN.length(), end));
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException("TLS_KEY_FILE: " + file + ": bad Base64 in the key");
        }
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // not this algorithm: try the next
            }
        }
        throw new InvalidConfigException("TLS_KEY_FILE: " + file + ": not an RSA, EC or EdDSA private key");
    }

    /** Signs a probe with the key and checks it with the certificate, so a mismatched pair fails here, not per client. */
    private static boolean matches(PrivateKey key, X509Certificate certificate) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "Ed448", "EdDSA" -> key.getAlgorithm();
            default -> null; // cannot probe cheaply: the handshake will tell
        };
        if (algorithm == null) {
            return true;
        }
        try {
            byte[] probe = "push-server key check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static void announce(Path file, X509Certificate certificate) {
        log.info("TLS on: HTTPS/WSS with {} ({}, valid until {})", file, certificate.getSubjectX500Principal().getName(),
                certificate.getNotAfter().toInstant());
        if (certificate.getNotAfter().toInstant().isBefore(Instant.now())) {
            log.warn("TLS certificate {} in {} has expired: clients will refuse it", certificate.getSubjectX500Principal().getName(), file);
        }
    }

    private static SslContextBuilder fromKeystore(TlsConfig tls) {
        char[] password = tls.keystorePassword().toCharArray();
        KeyStore store;
        try {
            store = KeyStore.getInstance(tls.keystoreFile().toFile(), password); // PKCS#12 or JKS, by content
        } catch (IOException | GeneralSecurityException e) {
            throw new InvalidConfigException("TLS_KEYSTORE_FILE: cannot open " + tls.keystoreFile()
                    + " (PKCS#12 or JKS, with TLS_KEYSTORE_PASSWORD): " + e.getMessage());
        }
        try {
            boolean hasKey = false;
            for (String alias : Collections.list(store.aliases())) {
                hasKey |= store.isKeyEntry(alias);
            }
            if (!hasKey) {
                throw new InvalidConfigException("TLS_KEYSTORE_FILE: " + tls.keystoreFile() + " holds no private key entry");
            }
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias) && store.getCertificate(alias) instanceof X509Certificate certificate) {
                    announce(tls.keystoreFile(), certificate);
                }
            }
            return SslContextBuilder.forServer(keys);
        } catch (GeneralSecurityException e) {
            throw new InvalidConfigException("TLS_KEYSTORE_PASSWORD: the key in " + tls.keystoreFile()
                    + " cannot be read with it (its password must be the keystore's): " + e.getMessage());
        }
    }
}
