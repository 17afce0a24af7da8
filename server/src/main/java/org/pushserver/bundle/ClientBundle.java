package org.pushserver.bundle;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPOutputStream;

/**
 * One line of the socket.io browser client, as the jar carries it under {@code client-bundle/<line>/} (copied from the
 * pinned npm package at build time): the files a Node socket.io server of that line serves, their gzip form and the
 * package's version. Read once at start-up, since the files never change while running, and a line missing from the
 * jar fails the start, naming the setting. Each file is compressed on its first gzip request and kept: all of them at
 * start-up would cost a quarter to half a second here, mostly for source maps that few ever ask for.
 */
public final class ClientBundle {
    /** Every file name a Node socket.io server serves under its path (4.x: all of them; 2.x: the first two). */
    static final List<String> FILE_NAMES = List.of("socket.io.js", "socket.io.js.map", "socket.io.min.js",
            "socket.io.min.js.map", "socket.io.esm.min.js", "socket.io.esm.min.js.map", "socket.io.msgpack.min.js",
            "socket.io.msgpack.min.js.map");
    private static final String JS = "text/javascript; charset=utf-8";
    private static final String JSON = "application/json; charset=utf-8";

    /**
     * One file, ready to send.
     *
     * @param name        its name, e.g. {@code socket.io.min.js}
     * @param contentType its media type
     * @param identity    its bytes as published
     */
    record File(String name, String contentType, byte[] identity) {
    }

    private final String line;
    private final String version;
    private final Map<String, File> files;
    private final Map<String, byte[]> gzipped = new ConcurrentHashMap<>();

    private ClientBundle(String line, String version, Map<String, File> files) {
        this.line = line;
        this.version = version;
        this.files = Map.copyOf(files);
    }

    /** No client served ({@code CLIENT_BUNDLE=off}). */
    public static ClientBundle off() {
        return new ClientBundle("off", "", Map.of());
    }

    /**
     * Reads line {@code line} ({@code 2} or {@code 4}) from the class path.
     *
     * @throws IllegalStateException when the jar lacks it (built without the npm step)
     */
    public static ClientBundle load(String line) {
        String dir = "client-bundle/" + line + "/";
        Optional<byte[]> packageJson = read(dir + "package.json");
        Optional<byte[]> main = read(dir + "dist/socket.io.js");
        if (packageJson.isEmpty() || main.isEmpty()) {
            throw new IllegalStateException("CLIENT_BUNDLE=" + line + ": the socket.io client " + line + ".x is not in "
                    + "the jar (" + dir + "); build it with mvn package, or set CLIENT_BUNDLE=off");
        }
        Map<String, File> files = new LinkedHashMap<>();
        for (String name : FILE_NAMES) {
            read(dir + "dist/" + name).ifPresent(bytes ->
                    files.put(name, new File(name, name.endsWith(".map") ? JSON : JS, bytes)));
        }
        try {
            String version = new ObjectMapper().readTree(packageJson.get()).path("version").asText();
            if (version.isEmpty()) {
                throw new IllegalStateException(dir + "package.json has no version");
            }
            return new ClientBundle(line, version, files);
        } catch (IOException e) {
            throw new UncheckedIOException(dir + "package.json", e);
        }
    }

    /** {@code 2}, {@code 4} or {@code off}. */
    public String line() {
        return line;
    }

    /** The npm package's version, e.g. {@code 4.8.1}; empty when off. */
    public String version() {
        return version;
    }

    /** The names this line serves, in {@link #FILE_NAMES} order. */
    public List<String> names() {
        return FILE_NAMES.stream().filter(files::containsKey).toList();
    }

    Optional<File> file(String name) {
        return Optional.ofNullable(files.get(name));
    }

    /** {@code file}'s bytes gzip-compressed, made on the first call (tens of milliseconds for the largest). */
    byte[] gzip(File file) {
        return gzipped.computeIfAbsent(file.name(), name -> compress(file.identity()));
    }

    private static Optional<byte[]> read(String resource) {
        try (InputStream in = ClientBundle.class.getClassLoader().getResourceAsStream(resource)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(resource, e);
        }
    }

    private static byte[] compress(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 3);
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
