package org.pushserver.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A webhook backend for the tests, on a raw {@link ServerSocket} on 127.0.0.1 so that it can do what a real HTTP
 * server will not: answer each POST by a script ({@link #answerNext}: a status, {@link #HANG} (never answer) or
 * {@link #DROP} (close the connection unanswered)), then {@link #whenIdle} (200 by default). Records every request in
 * order, with its headers and body, and checks signatures with its own HMAC ({@link #signedWith}).
 */
public final class WebhookReceiver implements AutoCloseable {
    /** Never answers: the sender's timeout must end it. */
    public static final int HANG = -1;
    /** Closes the connection without an answer. */
    public static final int DROP = -2;
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One POST received.
     *
     * @param headers  lower-cased names
     * @param body     the raw body
     * @param answered what it got: a status, {@link #HANG} or {@link #DROP}
     */
    public record Request(Map<String, String> headers, byte[] body, int answered) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The body's events as {@code name:tokenId} (message_expired: {@code name:tokenId:messageId}). */
        public List<String> events() {
            List<String> out = new ArrayList<>();
            json().get("events").forEach(e -> out.add(e.get("name").asText() + ":" + e.get("tokenId").asText()
                    + (e.has("messageId") ? ":" + e.get("messageId").asText() : "")));
            return out;
        }

        public boolean delivered() {
            return answered / 100 == 2;
        }
    }

    private final ServerSocket server;
    private final ConcurrentLinkedQueue<Integer> script = new ConcurrentLinkedQueue<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile int idle = 200;

    private WebhookReceiver() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::accept, "webhook-receiver");
        accept.setDaemon(true);
        accept.start();
    }

    public static WebhookReceiver start() {
        try {
            return new WebhookReceiver();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getLocalPort() + "/hooks";
    }

    /** The next POSTs get these answers, in order; then {@link #whenIdle}'s. */
    public void answerNext(int... answers) {
        for (int a : answers) {
            script.add(a);
        }
    }

    /** What every POST gets once the script is used up. */
    public void whenIdle(int answer) {
        idle = answer;
    }

    /** Every POST received, in order. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The events of the POSTs answered 2xx, in order. */
    public List<String> delivered() {
        List<String> out = new ArrayList<>();
        requests.stream().filter(Request::delivered).forEach(r -> out.addAll(r.events()));
        return out;
    }

    /** The delivered events about {@code tokenId}, in order. */
    public List<String> eventsOf(String tokenId) {
        return delivered().stream().filter(e -> e.split(":")[1].equals(tokenId)).toList();
    }

    /** True when {@code r} carries {@code X-Push-Signature: sha256=<hex HMAC(secret, timestamp + "." + body)>}. */
    public static boolean signedWith(Request r, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((r.headers().get("x-push-timestamp") + ".").getBytes(StandardCharsets.US_ASCII));
            byte[] expected = ("sha256=" + HexFormat.of().formatHex(mac.doFinal(r.body()))).getBytes(StandardCharsets.US_ASCII);
            String got = r.headers().get("x-push-signature");
            return got != null && MessageDigest.isEqual(expected, got.getBytes(StandardCharsets.US_ASCII));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                open.add(s);
                Thread t = new Thread(() -> serve(s), "webhook-receiver-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    /** HTTP/1.1 with keep-alive: requests one after another on the connection. */
    private void serve(Socket s) {
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            while (true) {
                Map<String, String> headers = new TreeMap<>();
                String line = readLine(in);
                if (line == null) {
                    return;
                }
                for (String h = readLine(in); h != null && !h.isEmpty(); h = readLine(in)) {
                    int colon = h.indexOf(':');
                    headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
                }
                byte[] body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
                Integer scripted = script.poll();
                int answer = scripted != null ? scripted : idle;
                requests.add(new Request(headers, body, answer));
                if (answer == DROP) {
                    return;
                }
                if (answer == HANG) {
                    in.readAllBytes(); // until the sender gives up and closes
                    return;
                }
                out.write(("HTTP/1.1 " + answer + " X\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        } catch (IOException e) {
            // the sender closed: fine
        } finally {
            open.remove(s);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != -1; b = in.read()) {
            if (b == '\n') {
                String s = line.toString(StandardCharsets.US_ASCII);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            line.write(b);
        }
        return null;
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
