package org.pushserver.socket.delivery;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;
import org.pushserver.delivery.PushMessage;
import org.pushserver.socket.session.Payload;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The websocket frame written straight into a pooled buffer has the bytes the payload's text has, in every form. */
class PushPacketsTest {

    @Test
    void theFrameOfEachPayloadFormIsThePayloadTextInUtf8() {
        String data = "{\"text\":\"caf\u00e9 \u2028 \ud83d\ude00 \\\"q\\\"\",\"n\":[1,2.5,null]}";
        for (PushMessage message : new PushMessage[] {new PushMessage("like", "{}"), new PushMessage("\u00e9t\u00e9 \ud83d\ude00", data),
                new PushMessage("like", data).withId("k3j9qz0a1b-7")}) {
            for (Payload form : Payload.values()) {
                String payload = form.hasId() ? message.payloadJsonWithId() : message.payloadJson();
                String offset = form.hasOffset() && message.id() != null ? ",\"" + message.id() + "\"" : "";
                String expected = "42[\"receive_message\"," + payload + offset + "]";
                ByteBuf frame = new PushPackets(message, form).websocketFrame(PooledByteBufAllocator.DEFAULT);
                try {
                    assertEquals(expected, frame.toString(StandardCharsets.UTF_8), form + " " + message);
                    assertEquals(expected.getBytes(StandardCharsets.UTF_8).length, frame.readableBytes(), "no spare bytes");
                } finally {
                    frame.release();
                }
            }
        }
    }
}
