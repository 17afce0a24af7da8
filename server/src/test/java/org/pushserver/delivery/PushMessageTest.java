package org.pushserver.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PushMessageTest {

    @Test
    void payloadIsValidJsonWhateverTheEntityType() throws Exception {
        JsonNode payload = new ObjectMapper().readTree(new PushMessage("a\"b\\c\n\u2028", "[1,{\"x\":null}]").payloadJson());
        assertEquals("a\"b\\c\n\u2028", payload.get("entityType").asText());
        assertEquals(2, payload.get("data").size());
    }

    @Test
    void theIdGoesOnlyIntoTheOptedInPayloadAndTodaysBytesStayTheSame() throws Exception {
        PushMessage plain = new PushMessage("like", "{\"n\":1}");
        PushMessage withId = plain.withId("k3j9qz0a1b-7");
        assertEquals("{\"entityType\":\"like\",\"data\":{\"n\":1}}", withId.payloadJson(), "sockets that did not opt in");
        assertEquals(plain.payloadJson(), withId.payloadJson());
        assertEquals("{\"entityType\":\"like\",\"data\":{\"n\":1},\"id\":\"k3j9qz0a1b-7\"}", withId.payloadJsonWithId());
        assertEquals(plain.payloadJson(), plain.payloadJsonWithId(), "no id yet: nothing to add");
        assertEquals("k3j9qz0a1b-7", new ObjectMapper().readTree(withId.payloadJsonWithId()).get("id").asText());
    }

    @Test
    void thePayloadTextIsThePayloadJsonInEachForm() {
        PushMessage plain = new PushMessage("a\"b\u00e9", "{\"n\":\"\u2028\"}");
        PushMessage withId = plain.withId("k3j9qz0a1b-7");
        assertEquals(plain.payloadJson(), plain.payloadText(false).toString());
        assertEquals(plain.payloadJsonWithId(), plain.payloadText(true).toString(), "no id yet");
        assertEquals(withId.payloadJson(), withId.payloadText(false).toString());
        assertEquals(withId.payloadJsonWithId(), withId.payloadText(true).toString());
    }

    @Test
    void reportsMergeAcrossNodes() {
        DeliveryReport here = DeliveryReport.of(2, java.util.List.of("a"), java.util.List.of("b", "c"));
        DeliveryReport there = DeliveryReport.of(1, java.util.List.of("b"), java.util.List.of("a", "c"));
        DeliveryReport merged = here.merge(there);
        assertEquals(3, merged.sockets());
        assertEquals(java.util.List.of("a", "b"), merged.online());
        assertEquals(java.util.List.of("c"), merged.offline());
    }
}
