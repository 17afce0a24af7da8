package org.pushserver.logging;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.netty.util.IllegalReferenceCountException;

/**
 * Whether an exception came from reading what a client sent, rather than from a bug: it is a JSON parse failure, or
 * it was thrown while netty-socketio's decoder or JSON support read the packet (the first frame outside the JDK and
 * Netty's buffers is theirs). A released buffer or a JVM error is never the client's doing, wherever it was thrown.
 */
final class ClientInput {
    // netty-socketio's decoding, and its handling of a decoded packet: what fails there was made to fail by a client
    // (e.g. a v3 UPGRADE packet over polling, which ClientHead meets with a NullPointerException)
    private static final String[] DECODING = {"com.corundumstudio.socketio.protocol.", "com.corundumstudio.socketio.JsonSupportWrapper",
            "com.corundumstudio.socketio.handler.InPacketHandler", "com.corundumstudio.socketio.handler.PacketListener",
            "com.corundumstudio.socketio.handler.ClientHead"};
    private static final String[] LOWER_LAYERS = {"java.", "javax.", "jdk.", "sun.", "io.netty.buffer.", "io.netty.util."};

    private ClientInput() {
    }

    static boolean caused(Throwable t) {
        boolean input = false;
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof IllegalReferenceCountException || c instanceof Error) {
                return false;
            }
            input |= c instanceof JsonProcessingException || thrownWhileDecoding(c);
        }
        return input;
    }

    private static boolean thrownWhileDecoding(Throwable t) {
        for (StackTraceElement frame : t.getStackTrace()) {
            String cls = frame.getClassName();
            if (startsWithAny(cls, LOWER_LAYERS)) {
                continue;
            }
            return startsWithAny(cls, DECODING);
        }
        return false;
    }

    /** The root cause's type: its message would quote what the client sent. */
    static String describe(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName();
    }

    private static boolean startsWithAny(String text, String[] prefixes) {
        for (String p : prefixes) {
            if (text.startsWith(p)) {
                return true;
            }
        }
        return false;
    }
}
