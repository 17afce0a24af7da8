package org.pushserver.testing;

import java.io.IOException;
import java.time.Duration;

/**
 * An Engine.IO v4 session over a {@link FrameSocket}: the real handshake (open packet, namespace CONNECT, login),
 * then whatever frames a test sends, and a bounded probe of what state they left the session in. Server pings are
 * answered while reading, so a session lives as long as the test reads.
 */
public final class EngineIoSocket implements AutoCloseable {
    /** How a probe ended: the server answered, closed the connection, disconnected the socket, or said nothing. */
    public enum Outcome { ANSWER, CLOSE, DISCONNECT, HANG }

    private final FrameSocket ws;
    private final String token;
    private String sid;
    private boolean inNamespace;
    private int nextAck = 1;

    private EngineIoSocket(FrameSocket ws, String token) {
        this.ws = ws;
        this.token = token;
    }

    /** Opens a websocket session; with {@code login}, also joins the default namespace and logs in as {@code token}. */
    public static EngineIoSocket open(int port, String token, boolean login) throws IOException {
        EngineIoSocket socket = new EngineIoSocket(FrameSocket.open(port, "/socket.io/?EIO=4&transport=websocket"), token);
        String open = socket.expect("0{", "the Engine.IO open packet");
        java.util.regex.Matcher sid = java.util.regex.Pattern.compile("\"sid\":\"([^\"]+)\"").matcher(open);
        socket.sid = sid.find() ? sid.group(1) : null;
        if (login && socket.probe(Duration.ofSeconds(10)) != Outcome.ANSWER) {
            socket.close();
            throw new IOException("the login of " + token + " was not acknowledged");
        }
        return socket;
    }

    /** The Engine.IO session id from the open packet. */
    public String sid() {
        return sid;
    }

    public FrameSocket frames() {
        return ws;
    }

    /**
     * Joins the namespace if not yet done, then logs in again with an ack and reads until the ack, a close, a
     * disconnect packet or {@code timeout}. Other packets on the way (pongs, errors, a repeated CONNECT) are skipped.
     */
    public Outcome probe(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int ack = nextAck++;
        try {
            if (!inNamespace) {
                ws.text("40");
            }
            ws.text("42" + ack + "[\"user_login\",{\"tokenId\":\"" + token + "\"}]");
        } catch (IOException closedAlready) {
            return Outcome.CLOSE; // the server closed the connection before the probe could be written
        }
        for (long left; (left = deadline - System.nanoTime()) > 0; ) {
            FrameSocket.Frame frame = ws.read(Duration.ofNanos(left));
            if (frame == null) {
                break;
            }
            if (frame.opcode() == FrameSocket.CLOSE) {
                return Outcome.CLOSE;
            }
            String text = frame.opcode() == FrameSocket.TEXT ? frame.text() : "";
            if (text.equals("2")) {
                ws.text("3");
            } else if (text.startsWith("40")) {
                inNamespace = true;
            } else if (text.equals("41") || text.equals("1")) {
                return Outcome.DISCONNECT;
            } else if (text.startsWith("43" + ack + "[")) {
                inNamespace = true;
                return Outcome.ANSWER;
            }
        }
        return Outcome.HANG;
    }

    private String expect(String prefix, String what) throws IOException {
        FrameSocket.Frame frame = ws.read(Duration.ofSeconds(10));
        if (frame == null || frame.opcode() != FrameSocket.TEXT || !frame.text().startsWith(prefix)) {
            ws.close();
            throw new IOException("expected " + what + ", got " + (frame == null ? "nothing" : frame.opcode() + " " + frame.text()));
        }
        return frame.text();
    }

    @Override
    public void close() {
        ws.close();
    }
}
