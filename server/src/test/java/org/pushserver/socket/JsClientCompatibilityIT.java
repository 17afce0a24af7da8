package org.pushserver.socket;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.pushserver.testing.NodeScript;
import org.pushserver.testing.ServerExtension;
import org.pushserver.testing.ServerHttp;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real socket.io clients existing pages use (2.x, Engine.IO v3; 3.x and 4.x, Engine.IO v4) run under Node by
 * {@code src/test/js/compat.js} against the real server: log in, get exactly their pushes, on the transport asked
 * for. The clients are pinned in {@code src/test/js/package-lock.json} and installed by the Maven build (npm ci).
 */
@DisplayName("Node socket.io clients 2.x, 3.x and 4.x against the server")
class JsClientCompatibilityIT {
    private static final List<String> LINES = List.of("2.0.3", "2.5.0", "3.1.3", "4.8.1");
    private static final List<String> TRANSPORTS = List.of("default", "websocket", "polling");
    private static final long SCRIPT_TIMEOUT_SECONDS = 40;

    @RegisterExtension
    static final ServerExtension server = ServerExtension.withArgs();
    /** A custom path and heartbeats every half second: both proved by the same runs, one server less to stop. */
    @RegisterExtension
    static final ServerExtension customServer = ServerExtension.withArgs("--socketio-path", "/ws/socket.io",
            "--ping-interval-ms", "500", "--ping-timeout-ms", "1000");

    @BeforeAll
    static void start() throws Exception {
        NodeScript.requireNode("JsClientCompatibilityIT");
    }

    static Stream<Arguments> linesAndTransports() {
        return LINES.stream().flatMap(line -> TRANSPORTS.stream().map(transport -> Arguments.of(line, transport)));
    }

    static Stream<String> lines() {
        return LINES.stream();
    }

    static Stream<Arguments> heartbeatCases() {
        // default = polling then websocket; polling too for the 2.x lines, whose Engine.IO v3 pings go client → server
        return Stream.concat(LINES.stream().map(line -> Arguments.of(line, "default")),
                Stream.of(Arguments.of("2.0.3", "polling"), Arguments.of("2.5.0", "polling")));
    }

    @ParameterizedTest(name = "socket.io-client {0} with transport \"{1}\" logs in and gets exactly the pushes of its token")
    @MethodSource("linesAndTransports")
    @DisplayName("Each client line on each transport logs in and gets exactly the pushes of its token")
    void clientLineOnTransport(String line, String transport) throws Exception {
        compat(server, "/socket.io", line, transport, 0);
    }

    @ParameterizedTest(name = "socket.io-client {0} works on the custom path /ws/socket.io")
    @MethodSource("lines")
    @DisplayName("Each client line works on a custom Socket.IO path")
    void customPath(String line) throws Exception {
        compat(customServer, "/ws/socket.io", line, "default", 0);
    }

    @ParameterizedTest(name = "socket.io-client {0} with transport \"{1}\" stays connected through two heartbeats and still gets its pushes")
    @MethodSource("heartbeatCases")
    @DisplayName("Each client line survives heartbeats in its Engine.IO version's direction")
    void survivesHeartbeats(String line, String transport) throws Exception {
        compat(customServer, "/ws/socket.io", line, transport, 2);
    }

    private static void compat(ServerHttp target, String path, String line, String transport, int pingCycles) throws Exception {
        compat(target.url(), path, line, transport, pingCycles);
    }

    /** Runs compat.js against {@code url}; {@code extraArgs} are more of its flags (e.g. {@code --ca FILE}, for TlsIT). */
    static void compat(String url, String path, String line, String transport, int pingCycles, String... extraArgs) throws Exception {
        List<String> command = new ArrayList<>(List.of(NodeScript.node(), "compat.js", "--url", url, "--line", line,
                "--transport", transport, "--path", path, "--ping-cycles", String.valueOf(pingCycles), "--timeout-ms", "30000"));
        command.addAll(List.of(extraArgs));
        NodeScript.Result r = NodeScript.run(command, SCRIPT_TIMEOUT_SECONDS);
        System.out.println("compat.js " + line + " " + transport + " " + path + ": " + r.output().strip());
        assertEquals(0, r.exitCode(), () -> "compat.js failed (" + String.join(" ", command) + "):\n" + r.output());
        assertTrue(r.output().contains("\"ok\":true"), () -> "no success summary in:\n" + r.output());
    }
}
