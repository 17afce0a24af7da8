package org.pushserver.testing;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the Node scripts of {@code src/test/js} (the real socket.io client lines, pinned in its package-lock.json and
 * installed by the Maven build's npm ci) and collects their output; each process is stopped by its own handle.
 */
public final class NodeScript {
    /** The folder of the scripts and their node_modules. */
    public static final Path JS_DIR = Path.of(System.getProperty("basedir", System.getProperty("user.dir")), "src", "test", "js");

    private NodeScript() {
    }

    /** What a script printed (stdout and stderr) and how it exited (-1: stopped after its timeout). */
    public record Result(int exitCode, String output) {
    }

    /**
     * Aborts the calling tests when Node is missing, with the reason printed (a failure on CI, {@code CI=true}), and
     * fails when the clients are not installed.
     */
    public static void requireNode(String testName) throws InterruptedException {
        String problem;
        try {
            Result r = run(List.of(node(), "--version"), 15);
            problem = r.exitCode == 0 ? null : "node --version exited " + r.exitCode + ": " + r.output;
        } catch (IOException e) {
            problem = "node not found (" + e.getMessage() + ")";
        }
        if (problem != null) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail("Node is required on CI: " + problem);
            }
            System.out.println("SKIPPED " + testName + ": " + problem);
            Assumptions.abort(problem);
        }
        Assertions.assertTrue(Files.isDirectory(JS_DIR.resolve("node_modules")),
                JS_DIR.resolve("node_modules") + " is missing: run the tests through Maven (mvn verify), whose npm ci installs the clients");
    }

    /** The node executable: {@code $NODE}, else {@code node} on the PATH. */
    public static String node() {
        String configured = System.getenv("NODE");
        return configured != null && !configured.isBlank() ? configured : "node";
    }

    /** Runs {@code command} in the JS folder; stops it (and its children) after {@code timeoutSeconds}. */
    public static Result run(List<String> command, long timeoutSeconds) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(new ArrayList<>(command)).directory(JS_DIR.toFile()).redirectErrorStream(true).start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            String soFar;
            try {
                soFar = output.get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                soFar = "(unreadable: " + e + ")";
            }
            return new Result(-1, "timed out after " + timeoutSeconds + " s; output so far:\n" + soFar);
        }
        try {
            return new Result(process.exitValue(), output.get(10, TimeUnit.SECONDS));
        } catch (Exception e) {
            return new Result(process.exitValue(), "(output unreadable: " + e + ")");
        }
    }

    /** Everything {@code in} gives until it ends (or its process is stopped), as UTF-8. */
    static String readAll(InputStream in) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (in) {
            in.transferTo(bytes);
        } catch (IOException e) {
            // the process was stopped; keep what was read
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
