package org.pushserver.socket;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pushserver.config.check.InvalidConfigException;
import org.pushserver.testing.Await;
import org.pushserver.testing.NodeScript;
import org.pushserver.testing.ResourceExtension;
import org.pushserver.testing.RunningServer;
import org.pushserver.testing.ServerExtension;
import org.pushserver.testing.ServerHttp;
import org.pushserver.testing.SocketClient;
import org.pushserver.testing.TestCertificate;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HTTPS and WSS on the server's one port, with a certificate made by keytool for this run: the Java and Node clients
 * log in and get pushes POSTed over HTTPS, from PEM files and from a keystore; plain HTTP to the port is refused
 * without harm.
 */
@DisplayName("TLS: HTTPS and WSS on the server's port")
class TlsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET_MARKER = "never-log-this-0123456789";

    @TempDir
    static Path dir;
    @RegisterExtension
    @Order(1)
    static final ResourceExtension<TestCertificate> certificate = ResourceExtension.made(() -> TestCertificate.generate(dir, "server"));
    /** A short request timeout, which also bounds TLS handshakes: the silent connection below is closed sooner. */
    @RegisterExtension
    @Order(2)
    static final ServerExtension pemServer = ServerExtension.withArgs(() -> new String[] {
            "--tls-cert-file", certificate.get().certPem().toString(), "--tls-key-file", certificate.get().keyPem().toString(),
            "--request-timeout-ms", "3000"});
    private static SSLContext trusting;
    private static HttpClient https;

    @BeforeAll
    static void start() throws Exception {
        trusting = certificate.get().clientContext();
        https = HttpClient.newBuilder().sslContext(trusting).connectTimeout(Duration.ofSeconds(5)).build();
    }


    @Test
    void javaClientLogsInOverHttpsAndWssAndGetsAPushPostedOverHttps() throws Exception {
        loginAndReceivePush(pemServer);
    }

    @Test
    void aKeystoreServerServesTheJavaClientOverHttpsAndWss() throws Exception {
        try (RunningServer keystoreServer = RunningServer.start("--tls-keystore-file", certificate.get().pkcs12().toString(),
                "--tls-keystore-password", TestCertificate.PASSWORD)) {
            loginAndReceivePush(keystoreServer);
        }
    }

    @ParameterizedTest(name = "socket.io-client {0} logs in over https, upgrades to wss and gets exactly its pushes")
    @ValueSource(strings = {"2.0.3", "2.5.0", "3.1.3", "4.8.1"})
    void nodeClientsLogInOverHttpsAndWssAndGetTheirPushes(String line) throws Exception {
        NodeScript.requireNode("TlsIT");
        JsClientCompatibilityIT.compat(httpsUrl(pemServer), "/socket.io", line, "default", 0,
                "--ca", certificate.get().certPem().toString());
    }

    @Test
    void plainHttpToTheTlsPortIsClosedWithoutLoggingWhatItCarriedAndTheServerKeepsServing() throws Exception {
        Logger ours = (Logger) LoggerFactory.getLogger("org.pushserver");
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Level level = ours.getLevel();
        ListAppender<ILoggingEvent> logs = new ListAppender<>(); // every logger's lines, ours down to DEBUG
        logs.start();
        root.addAppender(logs);
        ours.setLevel(Level.DEBUG);
        double before = handshakeFailures();
        try {
            for (int i = 0; i < 5; i++) {
                assertClosedByServer("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + SECRET_MARKER + "\r\n\r\n");
            }
            assertClosedByServer(""); // connects and says nothing: closed after the handshake timeout (REQUEST_TIMEOUT_MS)
            Await.await("5 handshake failures counted", Duration.ofSeconds(10), () -> handshakeFailures() >= before + 5);
        } finally {
            root.detachAppender(logs);
            ours.setLevel(level);
        }
        String hex = hex(SECRET_MARKER);
        for (ILoggingEvent event : logs.list) {
            String line = event.getFormattedMessage();
            assertTrue(!line.contains(SECRET_MARKER) && !line.contains(hex), () -> "logged what the peer sent: " + line);
        }
        loginAndReceivePush(pemServer);
    }

    @Test
    void aServerWhoseCertificateFileIsNotACertificateDoesNotStartAndNamesTheKey() throws Exception {
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "not a certificate\n");
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> RunningServer.start(
                "--tls-cert-file", garbage.toString(), "--tls-key-file", certificate.get().keyPem().toString()).close());
        assertTrue(e.getMessage().startsWith("TLS_CERT_FILE"), e::getMessage);
    }

    /** A Java client over https then wss logs in, and a push POSTed over HTTPS reaches it. */
    private static void loginAndReceivePush(ServerHttp server) throws Exception {
        String token = "tls-" + UUID.randomUUID();
        OkHttpClient okhttp = new OkHttpClient.Builder()
                .sslSocketFactory(trusting.getSocketFactory(), certificate.get().trustManager())
                .readTimeout(1, TimeUnit.MINUTES) // as the client's own default: long polls outlast OkHttp's 10 s
                .build();
        try (SocketClient client = SocketClient.connect(httpsUrl(server), okhttp)) {
            JsonNode ack = client.loginAs(token);
            assertTrue(ack.get("ok").asBoolean(), ack::toString);
            client.awaitTransport("websocket");
            HttpResponse<String> answer = https.send(HttpRequest.newBuilder(URI.create(httpsUrl(server) + "/api"))
                    .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"tokens\":[\"" + token + "\"],\"entityType\":\"tls\",\"data\":{\"n\":1}}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, answer.statusCode(), answer::body);
            assertEquals(1, JSON.readTree(answer.body()).get("sockets").asInt(), answer::body);
            JsonNode message = client.nextMessage();
            assertEquals("tls", message.get("entityType").asText());
            assertEquals(1, message.get("data").get("n").asInt());
        } finally {
            okhttp.dispatcher().executorService().shutdown();
            okhttp.connectionPool().evictAll();
        }
    }

    /** Sends {@code request} in plain text and expects the server to close the connection within 10 s. */
    private static void assertClosedByServer(String request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", pemServer.port()), 5000);
            socket.setSoTimeout(15_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            try {
                while (in.read(buffer) >= 0) { // a TLS alert may come first; then the close
                    assertTrue(System.nanoTime() < deadline, "the server kept the plain connection open");
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the server kept the plain connection open", e);
            } catch (IOException e) {
                // reset by the server: closed as well
            }
        }
    }

    private static double handshakeFailures() {
        String scrape;
        try {
            scrape = https.send(HttpRequest.newBuilder(URI.create(httpsUrl(pemServer) + "/metrics")).timeout(Duration.ofSeconds(10))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        Matcher m = Pattern.compile("(?m)^pushserver_tls_handshake_failures_total(?:\\{[^}]*})? (\\S+)$").matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static String hex(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.US_ASCII)) {
            out.append(String.format("%02x", b));
        }
        return out.toString();
    }

    private static String httpsUrl(ServerHttp server) {
        return "https://127.0.0.1:" + server.port();
    }
}
