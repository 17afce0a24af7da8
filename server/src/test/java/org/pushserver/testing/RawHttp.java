package org.pushserver.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 by hand over a plain socket to 127.0.0.1, for requests no HTTP client would send (broken request lines,
 * bad headers, lying Content-Length): writes the bytes as they are and reads every answer, each read bounded.
 */
public final class RawHttp {
    /** After a complete keep-alive answer, how long to wait for more (pipelined answers) before calling it done. */
    private static final int LINGER_MS = 150;

    /** One parsed answer. */
    public record Response(int status, Map<String, String> headers, byte[] body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /**
     * What came back: the answers in order; {@code closed} when the server closed (or reset) the connection;
     * {@code hung} when it neither answered nor closed within the timeout.
     */
    public record Exchange(List<Response> responses, boolean closed, boolean hung, String leftover) {
    }

    private RawHttp() {
    }

    /** Sends {@code request} to {@code port} and reads answers until the server closes, idles after one, or {@code timeout}. */
    public static Exchange exchange(int port, byte[] request, Duration timeout) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout((int) timeout.toMillis());
            try {
                socket.getOutputStream().write(request);
                socket.getOutputStream().flush();
            } catch (IOException e) { // the server closed early (e.g. a 413 before the whole body was sent): read what it said
            }
            return read(socket, socket.getInputStream());
        }
    }

    private static Exchange read(Socket socket, InputStream in) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        List<Response> responses = new ArrayList<>();
        byte[] chunk = new byte[8192];
        int parsedUpTo = 0;
        while (true) {
            int n;
            try {
                n = in.read(chunk);
            } catch (SocketTimeoutException e) {
                boolean answered = !responses.isEmpty();
                return new Exchange(responses, false, !answered, leftover(received, parsedUpTo));
            } catch (IOException e) { // reset by the server
                return new Exchange(responses, true, false, leftover(received, parsedUpTo));
            }
            if (n < 0) {
                return new Exchange(responses, true, false, leftover(received, parsedUpTo));
            }
            received.write(chunk, 0, n);
            byte[] all = received.toByteArray();
            for (int[] end; (end = parse(all, parsedUpTo, responses)) != null; ) {
                parsedUpTo = end[0];
                socket.setSoTimeout(LINGER_MS); // an answer is in: only wait briefly for more, or the close
            }
        }
    }

    /** Parses one answer starting at {@code from} into {@code out}; returns its end, or null while incomplete. */
    private static int[] parse(byte[] all, int from, List<Response> out) {
        int headEnd = indexOf(all, from, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        if (headEnd < 0) {
            return null;
        }
        String[] lines = new String(all, from, headEnd - from, StandardCharsets.ISO_8859_1).split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/")) {
            throw new AssertionError("not an HTTP answer: " + lines[0]);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
        }
        int bodyStart = headEnd + 4;
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        if (all.length < bodyStart + length) {
            return null;
        }
        byte[] body = new byte[length];
        System.arraycopy(all, bodyStart, body, 0, length);
        out.add(new Response(Integer.parseInt(statusLine[1]), headers, body));
        return new int[] {bodyStart + length};
    }

    private static String leftover(ByteArrayOutputStream received, int parsedUpTo) {
        byte[] all = received.toByteArray();
        return new String(all, parsedUpTo, all.length - parsedUpTo, StandardCharsets.ISO_8859_1);
    }

    private static int indexOf(byte[] haystack, int from, byte[] needle) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
