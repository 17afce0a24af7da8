package org.pushserver.delivery;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TokenTest {

    @Test
    void numbersAndTheirStringsNameTheSameUser() {
        assertEquals(Optional.of("1"), Token.normalize(1));
        assertEquals(Optional.of("1"), Token.normalize("1"));
        assertEquals(Optional.of("1"), Token.normalize(1.0d));
        assertEquals(Optional.of("12345678901234567890"), Token.normalize(new BigInteger("12345678901234567890")));
        assertEquals(Optional.of("abc"), Token.normalize(" abc "));
    }

    @Test
    void unusableValuesAreRejected() {
        assertEquals(Optional.empty(), Token.normalize(null));
        assertEquals(Optional.empty(), Token.normalize(""));
        assertEquals(Optional.empty(), Token.normalize("   "));
        assertEquals(Optional.empty(), Token.normalize(1.5));
        assertEquals(Optional.empty(), Token.normalize(true));
        assertEquals(Optional.empty(), Token.normalize(Map.of()));
        assertEquals(Optional.empty(), Token.normalize("x".repeat(Token.MAX_LENGTH + 1)));
    }
}
