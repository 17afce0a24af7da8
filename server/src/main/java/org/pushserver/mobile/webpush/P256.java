package org.pushserver.mobile.webpush;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * P-256 (secp256r1) keys in the raw forms Web Push uses (a 65-byte uncompressed point {@code 04||X||Y}, a 32-byte
 * scalar) converted to and from the JDK's key objects, so the JDK's ECDH and ECDSA do the crypto.
 */
public final class P256 {
    /** The length of a raw uncompressed public point. */
    public static final int PUBLIC_LENGTH = 65;
    private static final int COORDINATE = 32;
    private static final ECParameterSpec SPEC = spec();

    private P256() {
    }

    /** The JDK key for a raw 65-byte uncompressed point; IllegalArgumentException when it is not one. */
    public static ECPublicKey publicKey(byte[] raw) {
        if (raw.length != PUBLIC_LENGTH || raw[0] != 0x04) {
            throw new IllegalArgumentException("a P-256 public key is 65 bytes starting with 0x04, got " + raw.length + " bytes");
        }
        ECPoint point = new ECPoint(new BigInteger(1, Arrays.copyOfRange(raw, 1, 1 + COORDINATE)),
                new BigInteger(1, Arrays.copyOfRange(raw, 1 + COORDINATE, PUBLIC_LENGTH)));
        if (!onCurve(point)) { // the JDK's KeyFactory takes any point; an off-curve one is an invalid-curve attack
            throw new IllegalArgumentException("the public key is not a point on P-256");
        }
        try {
            return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, SPEC));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a P-256 public key: " + e.getMessage(), e);
        }
    }

    /** The JDK key for a raw 32-byte private scalar. */
    public static ECPrivateKey privateKey(byte[] raw) {
        try {
            return (ECPrivateKey) KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(new BigInteger(1, raw), SPEC));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a P-256 private key: " + e.getMessage(), e);
        }
    }

    /** The raw 65-byte uncompressed point of {@code key}. */
    public static byte[] raw(ECPublicKey key) {
        byte[] out = new byte[PUBLIC_LENGTH];
        out[0] = 0x04;
        unsigned(key.getW().getAffineX(), out, 1);
        unsigned(key.getW().getAffineY(), out, 1 + COORDINATE);
        return out;
    }

    /** A fresh key pair (the server's per-message ephemeral key; a test's "browser" key). */
    public static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(SPEC);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no P-256", e);
        }
    }

    /** base64url without padding, as Web Push writes keys. */
    public static String base64url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Decodes base64url, with or without padding; IllegalArgumentException when it is not. */
    public static byte[] fromBase64url(String text) {
        return Base64.getUrlDecoder().decode(text.replace("=", ""));
    }

    private static void unsigned(BigInteger value, byte[] out, int offset) {
        byte[] bytes = value.toByteArray(); // may carry a leading sign byte, or be shorter than 32 bytes
        int length = Math.min(bytes.length, COORDINATE);
        System.arraycopy(bytes, bytes.length - length, out, offset + COORDINATE - length, length);
    }

    /** y² = x³ + ax + b (mod p), with both coordinates below p. */
    private static boolean onCurve(ECPoint point) {
        BigInteger p = ((java.security.spec.ECFieldFp) SPEC.getCurve().getField()).getP();
        BigInteger x = point.getAffineX();
        BigInteger y = point.getAffineY();
        if (x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
            return false;
        }
        BigInteger right = x.pow(3).add(SPEC.getCurve().getA().multiply(x)).add(SPEC.getCurve().getB()).mod(p);
        return y.modPow(BigInteger.TWO, p).equals(right);
    }

    private static ECParameterSpec spec() {
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec("secp256r1"));
            return parameters.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no secp256r1", e);
        }
    }
}
