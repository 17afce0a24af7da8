package org.pushserver.cluster;

import org.junit.jupiter.api.Test;
import org.pushserver.delivery.PushMessage;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ClusterMessageTest {

    @Test
    void aPushSurvivesTheJsonRoundTripWithItsDataBytesUnchanged() {
        String data = "{\"id\":1.50,\"text\":\"héllo \\\"x\\\"\",\"big\":12345678901234567890}";
        ClusterMessage m = ClusterMessage.push("r1", "node-a", List.of("7", "alice"), new PushMessage("like", data));

        ClusterMessage back = ClusterMessage.parse(m.toJson());

        assertEquals(m, back);
        assertEquals(data, back.message().dataJson(), "every node sends the very same bytes");
        assertEquals("like", back.message().entityType());
    }

    @Test
    void theMessageIdCrossesToTheOtherNode() {
        ClusterMessage m = ClusterMessage.push("r1", "node-a", List.of("7"), new PushMessage("like", "{}", "k3j9qz0a1b-9"));
        assertEquals("k3j9qz0a1b-9", ClusterMessage.parse(m.toJson()).message().id());
        ClusterMessage old = ClusterMessage.parse("{\"v\":1,\"type\":\"push\",\"id\":\"r\",\"from\":\"n\",\"tokens\":[\"7\"],"
                + "\"entityType\":\"x\",\"data\":\"{}\"}");
        assertNull(old.message().id(), "a node from before ids sends none");
    }

    @Test
    void aReportCarriesSocketsAndOnlineTokensOnly() {
        String json = ClusterMessage.report("r1", "node-b", 3, List.of("alice"), List.of()).toJson();

        assertEquals("{\"v\":1,\"type\":\"report\",\"id\":\"r1\",\"from\":\"node-b\",\"sockets\":3,\"online\":[\"alice\"]}", json);
    }

    @Test
    void aMessageFromANewerNodeWithUnknownFieldsIsStillRead() {
        ClusterMessage m = ClusterMessage.parse("{\"v\":2,\"type\":\"broadcast\",\"id\":\"r2\",\"from\":\"n\","
                + "\"entityType\":\"news\",\"data\":\"{}\",\"priority\":\"high\",\"trace\":{\"a\":1}}");

        assertEquals(ClusterMessage.BROADCAST, m.type());
        assertEquals(2, m.v());
        assertNull(m.tokens());
    }

    @Test
    void somethingThatIsNotAClusterMessageIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> ClusterMessage.parse("not json"));
        assertThrows(IllegalArgumentException.class, () -> ClusterMessage.parse("{\"v\":1}"));
    }
}
