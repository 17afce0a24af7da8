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
    void unicodeWhiteSpaceAndControlCharactersAtEitherEndAreTrimmed() {
        assertEquals(Optional.of("u-17"), Token.normalize("\u00a0u-17\u2003"), "no-break space, em space");
        assertEquals(Optional.of("u-17"), Token.normalize("\u3000\u2028u-17\u205f\u202f"), "ideographic space, line separator");
        assertEquals(Optional.of("u-17"), Token.normalize("\t\r\nu-17\u000b\u000c\u001c"));
        assertEquals(Optional.of("u-17"), Token.normalize("\u0000\u0007u-17\u007f\u0085"), "C0 and C1 controls, DEL");
        assertEquals(Optional.of("a b\u00a0c"), Token.normalize(" a b\u00a0c "), "spaces inside are part of the id");
        assertEquals(Optional.of("日本\uD83D\uDE00"), Token.normalize("\u3000日本\uD83D\uDE00\u3000"), "a surrogate pair is text");
        assertEquals("", Token.trim("\u00a0\u2003\u0000 "));
    }

    @Test
    void controlCharactersInsideAndUnpairedSurrogatesAreRefused() {
        assertEquals(Optional.empty(), Token.normalize("u-17\nINFO forged log line"));
        assertEquals(Optional.empty(), Token.normalize("u\u000017"));
        assertEquals(Optional.empty(), Token.normalize("u\u009b17"), "C1 control (CSI)");
        assertEquals(Optional.empty(), Token.normalize("u-\uD83D17"), "a lone high surrogate");
        assertEquals(Optional.empty(), Token.normalize("u-17\uDE00"), "a lone low surrogate");
    }

    @Test
    void emptyAndTooLongAreRefusedAfterTrimming() {
        assertEquals(Optional.empty(), Token.normalize(""));
        assertEquals(Optional.empty(), Token.normalize("   "));
        assertEquals(Optional.empty(), Token.normalize("\u00a0\u2003\u3000"), "only Unicode white space");
        assertEquals(Optional.empty(), Token.normalize("\u0000\u0001"), "only control characters");
        String longest = "x".repeat(Token.MAX_LENGTH);
        assertEquals(Optional.of(longest), Token.normalize("\u2003" + longest + "\u2003"), "the limit counts what is left");
        assertEquals(Optional.empty(), Token.normalize(longest + "y"));
        assertEquals(Optional.empty(), Token.normalize(new BigInteger("9".repeat(Token.MAX_LENGTH + 1))));
    }

    @Test
    void unusableValuesAreRejected() {
        assertEquals(Optional.empty(), Token.normalize(null));
        assertEquals(Optional.empty(), Token.normalize(1.5));
        assertEquals(Optional.empty(), Token.normalize(true));
        assertEquals(Optional.empty(), Token.normalize(Map.of()));
    }
}
