package org.pushserver.testing;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for {@code localhost} and {@code 127.0.0.1}, made by the JDK's own keytool, in every form
 * the server reads (PKCS#12, JKS, PEM certificate + PKCS#8 key) and a client context that trusts it and nothing else.
 */
public final class TestCertificate {
    public static final String PASSWORD = "changeit";
    private static final String ALIAS = "server";

    private final Path dir;
    private final Path pkcs12;
    private final X509Certificate certificate;
    private final PrivateKey key;

    private TestCertificate(Path dir, Path pkcs12, X509Certificate certificate, PrivateKey key) {
        this.dir = dir;
        this.pkcs12 = pkcs12;
        this.certificate = certificate;
        this.key = key;
    }

    /** Runs keytool (bounded) to make a PKCS#12 keystore named {@code name}.p12 in {@code dir}, and reads it back. */
    public static TestCertificate generate(Path dir, String name) throws IOException, InterruptedException, GeneralSecurityException {
        Path store = dir.resolve(name + ".p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = List.of(keytool.toString(), "-genkeypair", "-alias", ALIAS, "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "san=ip:127.0.0.1,dns:localhost", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> NodeScript.readAll(process.getInputStream()));
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            throw new IllegalStateException("keytool did not finish within 60 s");
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("keytool exited " + process.exitValue() + ": " + output.join());
        }
        KeyStore ks = KeyStore.getInstance(store.toFile(), PASSWORD.toCharArray());
        return new TestCertificate(dir, store, (X509Certificate) ks.getCertificate(ALIAS),
                (PrivateKey) ks.getKey(ALIAS, PASSWORD.toCharArray()));
    }

    public Path pkcs12() {
        return pkcs12;
    }

    /** The certificate as PEM, written next to the keystore. */
    public Path certPem() throws IOException, GeneralSecurityException {
        return write("cert.pem", pem("CERTIFICATE", certificate.getEncoded()));
    }

    /** The private key as unencrypted PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}). */
    public Path keyPem() throws IOException {
        return write("key.pem", pem("PRIVATE KEY", key.getEncoded()));
    }

    /** The same key and certificate in a JKS keystore (password {@link #PASSWORD}). */
    public Path jks() throws IOException, GeneralSecurityException {
        KeyStore jks = KeyStore.getInstance("JKS");
        jks.load(null, null);
        jks.setKeyEntry(ALIAS, key, PASSWORD.toCharArray(), new Certificate[] {certificate});
        Path file = pkcs12.resolveSibling(pkcs12.getFileName().toString().replace(".p12", ".jks"));
        try (OutputStream out = Files.newOutputStream(file)) {
            jks.store(out, PASSWORD.toCharArray());
        }
        return file;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** Trusts this certificate only. */
    public X509TrustManager trustManager() throws GeneralSecurityException, IOException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry(ALIAS, certificate);
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        return (X509TrustManager) factory.getTrustManagers()[0];
    }

    /** A client TLS context trusting this certificate only. */
    public SSLContext clientContext() throws GeneralSecurityException, IOException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new javax.net.ssl.TrustManager[] {trustManager()}, null);
        return context;
    }

    private Path write(String suffix, String text) throws IOException {
        Path file = dir.resolve(pkcs12.getFileName().toString().replace(".p12", "-" + suffix));
        Files.writeString(file, text, StandardCharsets.US_ASCII);
        return file;
    }

    /** {@code der} as PEM of {@code type} ({@code CERTIFICATE}, {@code PRIVATE KEY}...). */
    static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

}
