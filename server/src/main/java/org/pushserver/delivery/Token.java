package org.pushserver.delivery;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * The one rule for what a token id is: a non-empty string or an integral number, up to 256 characters.
 * Numbers and their decimal strings name the same user ({@code 1} and {@code "1"}).
 */
public final class Token {
    /** Longest accepted token id. */
    public static final int MAX_LENGTH = 256;

    private Token() {
    }

    /** The normalised token id of a JSON-decoded value (String, Number), or empty when it is not usable. */
    public static Optional<String> normalize(Object value) {
        String text;
        if (value instanceof String s) {
            text = s.trim();
        } else if (value instanceof Integer || value instanceof Long || value instanceof java.math.BigInteger) {
            text = value.toString();
        } else if (value instanceof Number n) {
            text = integral(n);
        } else {
            return Optional.empty();
        }
        if (text == null || text.isEmpty() || text.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        return Optional.of(text);
    }

    private static String integral(Number n) {
        try {
            return new BigDecimal(n.toString()).toBigIntegerExact().toString();
        } catch (ArithmeticException | NumberFormatException e) {
            return null;
        }
    }
}
