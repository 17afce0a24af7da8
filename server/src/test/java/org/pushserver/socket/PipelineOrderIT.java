package org.pushserver.socket;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.pushserver.testing.Await;
import org.pushserver.testing.ResourceExtension;
import org.pushserver.testing.ServerExtension;
import org.pushserver.testing.TestCertificate;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The handlers of a live connection, by name and in order, are those of the diagram in docs/ARCHITECTURE.md
 * ("The pipeline of a connection"), read from the doc itself so that the two cannot drift: once with every optional
 * handler (TLS, MAX_CONNECTIONS_PER_IP), once without (the diagram without its bracketed parts).
 */
class PipelineOrderIT {
    private static final Path DOC = Path.of(System.getProperty("user.dir")).resolveSibling("docs").resolve("ARCHITECTURE.md");
    private static final Pattern OPTIONAL = Pattern.compile("\\[([^]]*)]");

    @TempDir
    static Path dir;
    @RegisterExtension
    @Order(1)
    static final ResourceExtension<TestCertificate> certificate = ResourceExtension.made(() -> TestCertificate.generate(dir, "pipeline"));
    @RegisterExtension
    @Order(2)
    static final ServerExtension plain = ServerExtension.withArgs();
    @RegisterExtension
    @Order(3)
    static final ServerExtension everyOption = ServerExtension.withArgs(() -> new String[] {
            "--tls-cert-file", certificate.get().certPem().toString(), "--tls-key-file", certificate.get().keyPem().toString(),
            "--max-connections-per-ip", "10"});

    @Test
    void aPlainConnectionsHandlersAreTheDiagramsWithoutItsOptionalParts() throws Exception {
        assertEquals(diagram(false), livePipeline(plain));
    }

    @Test
    void aConnectionWithTlsAndAPerIpLimitHasEveryHandlerOfTheDiagramInItsOrder() throws Exception {
        assertEquals(diagram(true), livePipeline(everyOption));
    }

    @Test
    void theDiagramNamesEveryHandlerOnce() throws Exception {
        List<String> names = diagram(true);
        assertEquals(names.size(), names.stream().distinct().count(), names.toString());
        assertTrue(names.size() > 20, "the diagram was not found or not parsed: " + names);
    }

    /**
     * The handler names of the diagram, in order: the first code block after the section's heading, with the
     * comments in parentheses dropped; bracketed (optional) parts kept or left out.
     */
    static List<String> diagram(boolean withOptional) throws IOException {
        String doc = Files.readString(DOC);
        int section = doc.indexOf("## The pipeline of a connection");
        assertTrue(section >= 0, "no pipeline section in " + DOC);
        int start = doc.indexOf("```", section) + 3;
        String block = doc.substring(doc.indexOf('\n', start) + 1, doc.indexOf("```", start));
        String text = block.replaceAll("\\([^)]*\\)", " ");
        Matcher optional = OPTIONAL.matcher(text);
        text = optional.replaceAll(m -> withOptional ? Matcher.quoteReplacement(m.group(1)) : " ");
        List<String> names = new ArrayList<>();
        for (String token : text.split("[\\s→]+")) {
            if (!token.isBlank()) {
                assertTrue(token.matches("[A-Za-z0-9]+"), "not a handler name in the diagram: " + token);
                names.add(token);
            }
        }
        return names;
    }

    /** The handler names of a connection just opened to {@code server} (nothing sent yet), without Netty's own. */
    private static List<String> livePipeline(ServerExtension server) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            Channel[] channel = {null};
            // in the group from the start of its initializer on: read once the initializer has removed itself
            Await.await("the server has built the connection's pipeline", Duration.ofSeconds(10), () -> {
                channel[0] = server.server().sockets().connections().stream().findFirst().orElse(null);
                return channel[0] != null && channel[0].pipeline().toMap().values().stream()
                        .noneMatch(handler -> handler instanceof ChannelInitializer);
            });
            List<String> names = new ArrayList<>(channel[0].pipeline().names());
            names.removeIf(name -> name.startsWith("DefaultChannelPipeline$"));
            assertTrue(socket.isConnected());
            return names;
        }
    }
}
