package org.pushserver.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One Redis command over a fresh loopback connection, in RESP, for the test helpers that form a Cluster or watch a
 * Sentinel (commands with thousands of arguments, bulk replies). The reply is returned as text: a status, an error
 * (prefixed {@code -}), an integer, a bulk string, or an array's elements joined by newlines; null when the server
 * cannot be reached.
 */
public final class RedisCommand {
    private RedisCommand() {
    }

    public static String send(int port, String... args) {
        List<String> replies = sendInOrder(port, List.of(List.of(args)));
        return replies == null ? null : replies.get(0);
    }

    /** Several commands on one connection (e.g. a write, then WAIT for it); their replies, or null. */
    public static List<String> sendInOrder(int port, List<List<String>> commands) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            s.setSoTimeout(15_000);
            OutputStream out = s.getOutputStream();
            InputStream in = new BufferedInputStream(s.getInputStream());
            List<String> replies = new ArrayList<>();
            for (List<String> args : commands) {
                StringBuilder request = new StringBuilder("*").append(args.size()).append("\r\n");
                for (String a : args) {
                    request.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
                }
                out.write(request.toString().getBytes(StandardCharsets.UTF_8));
                out.flush();
                replies.add(read(in));
            }
            return replies;
        } catch (IOException e) {
            return null;
        }
    }

    /** Like {@link #send} but a failure to reach the server or an error reply is an exception. */
    public static String require(int port, String... args) {
        String reply = send(port, args);
        if (reply == null || reply.startsWith("-")) {
            throw new IllegalStateException("redis on port " + port + ": " + String.join(" ", args).substring(0,
                    Math.min(60, String.join(" ", args).length())) + " answered " + reply);
        }
        return reply;
    }

    private static String read(InputStream in) throws IOException {
        int type = in.read();
        String line = line(in);
        switch (type) {
            case '+', ':' -> {
                return line;
            }
            case '-' -> {
                return "-" + line;
            }
            case '$' -> {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    return "";
                }
                byte[] body = in.readNBytes(n + 2);
                return new String(body, 0, n, StandardCharsets.UTF_8);
            }
            case '*' -> {
                int n = Integer.parseInt(line);
                StringBuilder all = new StringBuilder();
                for (int i = 0; i < n; i++) {
                    all.append(i > 0 ? "\n" : "").append(read(in));
                }
                return all.toString();
            }
            default -> throw new UncheckedIOException(new IOException("not RESP: " + (char) type + line));
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.UTF_8);
    }
}
