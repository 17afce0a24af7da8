package org.pushserver.testing;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An npm socket.io-client line (2.0.3, 2.5.0, 3.1.3, 4.8.1) under Node, run by {@code src/test/js/resume.js}, which
 * prints one JSON event per line; this class turns them into {@link ClientEvents}. The process is stopped (with its
 * children) on {@link #close()}, and stops itself after its own watchdog.
 */
public final class NodeResumingClient implements ResumingClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int WATCHDOG_MS = 120_000;
    private final ClientEvents events = new ClientEvents();
    private final Process process;
    private final Thread reader;

    private NodeResumingClient(String line, Options options) {
        List<String> command = new ArrayList<>(List.of(NodeScript.node(), "resume.js", "--url", options.url(), "--line", line,
                "--token", options.token(), "--mode", options.mode().name().toLowerCase(), "--transport", options.transport(),
                "--acks", String.valueOf(options.acks()), "--timeout-ms", String.valueOf(WATCHDOG_MS)));
        try {
            process = new ProcessBuilder(command).directory(NodeScript.JS_DIR.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + command + ": " + e, e);
        }
        reader = new Thread(this::read, "node-" + line);
        reader.setDaemon(true);
        reader.start();
    }

    /** The {@link ResumingClient.Line} of npm socket.io-client {@code line}. */
    public static Line line(String line) {
        return new Line() {
            @Override
            public ResumingClient start(Options options) {
                return new NodeResumingClient(line, options);
            }

            @Override
            public String name() {
                return line;
            }

            @Override
            public String toString() {
                return line;
            }
        };
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String l; (l = in.readLine()) != null; ) {
                try {
                    events.add(JSON.readTree(l));
                } catch (IOException notJson) { // a stack trace or a warning: kept, so a failure shows it
                    events.add("output", "text", l);
                }
            }
        } catch (IOException e) {
            // the process was stopped
        }
        events.add("exit");
    }

    @Override
    public ClientEvents events() {
        return events;
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
            reader.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
