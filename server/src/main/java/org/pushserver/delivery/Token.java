package org.pushserver.delivery;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * The one rule for what a token id is, used alike for logins (every way a credential arrives) and for pushes and
 * presence queries, so a user who logs in as {@code " u-17"} is the user a backend pushes to as {@code "u-17"}:
 * <ul>
 *   <li>a string loses, at both ends, every white space (Unicode: also no-break and other space separators) and every
 *       control character ({@link #trim});</li>
 *   <li>what is left must be non-empty, at most {@link #MAX_LENGTH} characters, without control characters (they
 *       would forge log lines and Redis keys) and without unpaired surrogates (not text; no encoding carries them);</li>
 *   <li>an integral number is its decimal digits: {@code 1}, {@code 1.0} and {@code "1"} name the same user.</li>
 * </ul>
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
            text = trim(s);
        } else if (value instanceof Integer || value instanceof Long || value instanceof java.math.BigInteger) {
            text = value.toString();
        } else if (value instanceof Number n) {
            text = integral(n);
        } else {
            return Optional.empty();
        }
        if (text == null || text.isEmpty() || text.length() > MAX_LENGTH || !clean(text)) {
            return Optional.empty();
        }
        return Optional.of(text);
    }

    /**
     * {@code text} without white space and control characters at either end: the edge rule of a token id, also applied
     * to a credential (a JWT) before it is verified. Never null for a non-null argument; may be empty.
     */
    public static String trim(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && ignorable(text.charAt(start))) {
            start++;
        }
        while (end > start && ignorable(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(start, end);
    }

    /** White space (including Unicode space separators such as U+00A0, U+2003, U+3000) or a control character. */
    private static boolean ignorable(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c);
    }

    /** No control character and no unpaired surrogate anywhere. */
    private static boolean clean(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c)) {
                return false;
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static String integral(Number n) {
        try {
            return new BigDecimal(n.toString()).toBigIntegerExact().toString();
        } catch (ArithmeticException | NumberFormatException e) {
            return null;
        }
    }
}
