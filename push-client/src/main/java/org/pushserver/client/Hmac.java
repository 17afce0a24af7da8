package org.pushserver.client;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

/**
 * The server's signature scheme, shared by signed API requests and webhooks:
 * {@code sha256=<lower-case hex of HMAC-SHA256(key, timestamp + "." + raw body)>}.
 */
final class Hmac {
    static final String PREFIX = "sha256=";
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Hmac() {
    }

    /** The header value for {@code body} signed at {@code timestamp} with {@code key}. */
    static String sign(String key, String timestamp, byte[] body) {
        return PREFIX + hex(digest(key.getBytes(StandardCharsets.UTF_8), timestamp, body));
    }

    /** The raw HMAC-SHA256 of {@code timestamp + "." + body}. */
    static byte[] digest(byte[] key, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    static String hex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = HEX[(bytes[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX[bytes[i] & 0xf];
        }
        return new String(out);
    }

    /** The bytes of {@code hex}, or null when it is not hex of an even length. */
    static byte[] unhex(String hex) {
        if (hex.length() % 2 != 0) {
            return null;
        }
        byte[] out = new byte[hex.length() / 2];
        for (int i = 0; i < out.length; i++) {
            int high = Character.digit(hex.charAt(2 * i), 16);
            int low = Character.digit(hex.charAt(2 * i + 1), 16);
            if (high < 0 || low < 0) {
                return null;
            }
            out[i] = (byte) (high << 4 | low);
        }
        return out;
    }
}
