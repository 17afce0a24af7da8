package org.pushserver.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A websocket written frame by frame on a plain socket to 127.0.0.1, for what the JDK's client refuses to send:
 * text frames that are not UTF-8, reserved bits and opcodes, unmasked or fragmented frames, lying lengths. Every
 * read is bounded; a read that times out returns null, a closed connection returns a {@link #CLOSE} frame.
 */
public final class FrameSocket implements AutoCloseable {
    public static final int CONTINUATION = 0;
    public static final int TEXT = 1;
    public static final int BINARY = 2;
    public static final int CLOSE = 8;
    public static final int PING = 9;
    public static final int PONG = 10;

    /** One frame from the server; {@code opcode} {@link #CLOSE} also stands for a connection that ended. */
    public record Frame(int opcode, byte[] payload) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;
    private boolean closed;

    private FrameSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = new DataInputStream(socket.getInputStream());
    }

    /** Upgrades {@code GET pathAndQuery} to a websocket; fails unless the server answers 101. */
    public static FrameSocket open(int port, String pathAndQuery) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(5_000);
        socket.setTcpNoDelay(true);
        FrameSocket ws = new FrameSocket(socket);
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        ws.out.write(("GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce)
                + "\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        String head = ws.readHead();
        if (!head.startsWith("HTTP/1.1 101")) {
            socket.close();
            throw new IOException("no websocket upgrade: " + head.lines().findFirst().orElse(head));
        }
        return ws;
    }

    private String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (head.size() < 4 || !head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed during the upgrade: " + head.toString(StandardCharsets.ISO_8859_1));
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    public void text(String text) throws IOException {
        frame(true, 0, TEXT, text.getBytes(StandardCharsets.UTF_8), true);
    }

    public void send(int opcode, byte[] payload) throws IOException {
        frame(true, 0, opcode, payload, true);
    }

    /** One frame as given: {@code rsv} goes into the reserved bits, {@code masked} false breaks the client rule. */
    public void frame(boolean fin, int rsv, int opcode, byte[] payload, boolean masked) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write((fin ? 0x80 : 0) | (rsv & 0x7) << 4 | opcode & 0xF);
        int maskBit = masked ? 0x80 : 0;
        if (payload.length < 126) {
            frame.write(maskBit | payload.length);
        } else if (payload.length < 65536) {
            frame.write(maskBit | 126);
            frame.write(payload.length >> 8);
            frame.write(payload.length);
        } else {
            frame.write(maskBit | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) payload.length >> shift));
            }
        }
        byte[] body = payload.clone();
        if (masked) {
            byte[] mask = new byte[4];
            ThreadLocalRandom.current().nextBytes(mask);
            frame.writeBytes(mask);
            for (int i = 0; i < body.length; i++) {
                body[i] ^= mask[i & 3];
            }
        }
        frame.writeBytes(body);
        raw(frame.toByteArray());
    }

    /** Bytes as they are, e.g. a frame header announcing more than follows. */
    public void raw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The next frame, null when none starts within {@code timeout}, a {@link #CLOSE} frame when the connection ended. */
    public Frame read(Duration timeout) throws IOException {
        if (closed) {
            return new Frame(CLOSE, new byte[0]);
        }
        int b0;
        try {
            socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
            b0 = in.read();
        } catch (SocketTimeoutException e) {
            return null;
        } catch (IOException e) { // reset
            return ended();
        }
        if (b0 < 0) {
            return ended();
        }
        try {
            socket.setSoTimeout(5_000); // the rest of a started frame follows at once
            int b1 = in.readUnsignedByte();
            long length = b1 & 0x7F;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            if ((b1 & 0x80) != 0) {
                in.readInt(); // a server never masks, but skip a mask if one came
            }
            byte[] payload = new byte[(int) Math.min(length, 16 * 1024 * 1024)];
            in.readFully(payload);
            int opcode = b0 & 0xF;
            if (opcode == CLOSE) {
                closed = true;
            }
            return new Frame(opcode, payload);
        } catch (IOException e) { // reset, or ended (or stalled) mid-frame
            return ended();
        }
    }

    private Frame ended() {
        closed = true;
        return new Frame(CLOSE, new byte[0]);
    }

    public boolean closed() {
        return closed || socket.isClosed();
    }

    @Override
    public void close() {
        closed = true;
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
