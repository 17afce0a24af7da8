package org.pushserver.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Reads a process stream line by line on its own thread; tests wait for the next line that matches, with a timeout. */
final class LineWatcher {
    private static final String EOF = "\u0000EOF";
    private final String name;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();

    LineWatcher(String name, InputStream in) {
        this.name = name;
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("(read failed: " + e.getMessage() + ")");
            } finally {
                lines.add(EOF);
            }
        }, "watch-" + name);
        t.setDaemon(true);
        t.start();
    }

    /** The next line (after those already taken) that matches, or an AssertionError naming what was seen. */
    String await(Predicate<String> wanted, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new AssertionError("no " + what + " on " + name + " within " + timeout + "; lines seen:\n" + seenText());
            }
            if (line.equals(EOF)) {
                lines.add(EOF); // stays at the end for later waits
                throw new AssertionError(name + " ended before " + what + "; lines seen:\n" + seenText());
            }
            synchronized (seen) {
                seen.add(line);
            }
            if (wanted.test(line)) {
                return line;
            }
        }
    }

    String seenText() {
        synchronized (seen) {
            return String.join("\n", seen);
        }
    }
}
