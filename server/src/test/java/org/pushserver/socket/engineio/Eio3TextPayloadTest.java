package org.pushserver.socket.engineio;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class Eio3TextPayloadTest {
    /** What netty-socketio writes for one packet: its UTF-8 byte count, then each byte as one char. */
    private static String asNettySocketIoFrames(String... packets) {
        StringBuilder out = new StringBuilder();
        for (String packet : packets) {
            byte[] bytes = packet.getBytes(StandardCharsets.UTF_8);
            out.append(bytes.length).append(':').append(new String(bytes, StandardCharsets.ISO_8859_1));
        }
        return out.toString();
    }

    @Test
    @DisplayName("Non-ASCII packets are re-framed with their length in chars, as socket.io 2.x clients count it")
    void reframesNonAsciiPackets() {
        String packet = "42[\"receive_message\",{\"text\":\"héllo ✓ 😀\"}]";
        assertEquals(packet.length() + ":" + packet + "1:6", Eio3TextPayload.reframe(asNettySocketIoFrames(packet, "6")));
    }

    @Test
    @DisplayName("ASCII payloads come out unchanged")
    void asciiUnchanged() {
        String payload = asNettySocketIoFrames("40", "430[{\"ok\":true}]");
        assertEquals(payload, Eio3TextPayload.reframe(payload));
    }

    @Test
    @DisplayName("A payload that does not parse is left as it is")
    void garbageUnchanged() {
        for (String garbage : new String[] {"", "x", "5:ab", "abc:def", ":1", "2:€€"}) {
            assertEquals(garbage, Eio3TextPayload.reframe(garbage));
        }
    }
}
