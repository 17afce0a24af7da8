package org.pushserver.socket.engineio;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PacketCheckTest {

    @ParameterizedTest
    @ValueSource(strings = {"1", "2probe", "3", "3probe", "5", "6", "40", "40{\"token\":\"123\"}", "40/admin,",
            "40/admin,{\"token\":\"abc\"}", "41", "41/admin,", "42[\"message\",1,\"2\",{\"3\":[true]}]",
            "42456[\"message-with-ack\",1]", "422147483648[\"user_login\",\"x\"]", "42/admin,13[\"x\"]",
            "43456[1,\"2\"]", "43/admin,13[]", "42[\"user_login\",{\"tokenId\":\"héllo\"}]"})
    void aPacketAV4ClientMaySendIsValid(String packet) {
        assertTrue(PacketCheck.valid(packet), packet);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0", "0{}", "2", "7", "9", "abc", "bAQIDBA==", "11", "4", "4abc", "47[\"x\"]", "44{\"message\":\"x\"}",
            "42{}", "42[]", "42", "42\"x\"", "42[\"unterminated\"", "42[\"x\"]trailing", "42[\"connect\"]",
            "42[\"disconnect\"]", "42[{}]", "42[7]", "42abc[\"message-with-ack\",1,\"2\",{\"3\":[false]}]", "431x[]", "43[]",
            "43{}", "40[]", "40\"x\"", "41{}", "417", "4017", "451-[\"x\",{\"_placeholder\":true,\"num\":0}]",
            "461-1[{\"_placeholder\":true,\"num\":0}]", "42١[\"x\"]"})
    void aPacketTheSpecClosesTheConnectionForIsInvalid(String packet) {
        assertFalse(PacketCheck.valid(packet), packet);
    }
}
