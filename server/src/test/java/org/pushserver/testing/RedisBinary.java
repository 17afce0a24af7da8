package org.pushserver.testing;

import redis.embedded.core.ExecutableProvider;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The {@code redis-server} binary the Cluster and Sentinel helpers start: env {@code REDIS_SERVER} (a path), else a
 * {@code redis-server} on the PATH (Debian's 7.x, which {@code .ci/run} installs), else the 6.2 binary inside the
 * embedded-redis artifact. 6.2 runs Cluster and Sentinel too, without sharded pub/sub.
 *
 * @param path    the executable
 * @param version its {@code v=} version, e.g. {@code 7.0.15}
 */
public record RedisBinary(String path, String version) {
    /** Finds the binary once per call (cheap: one {@code --version}). */
    public static RedisBinary find() {
        String env = System.getenv("REDIS_SERVER");
        if (env != null && !env.isBlank()) {
            return of(env.trim());
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "redis-server");
            if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                return of(candidate.toString());
            }
        }
        try {
            return of(ExecutableProvider.newJarResourceProvider().get().getAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack embedded-redis's redis-server", e);
        }
    }

    /** The major version, e.g. 7. */
    public int major() {
        return Integer.parseInt(version.substring(0, version.indexOf('.')));
    }

    private static RedisBinary of(String path) {
        try {
            Process p = new ProcessBuilder(path, "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("v=(\\d+\\.\\d+\\.\\d+)").matcher(out);
            if (!m.find()) {
                throw new IllegalStateException(path + " --version said: " + out);
            }
            return new RedisBinary(path, m.group(1));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
