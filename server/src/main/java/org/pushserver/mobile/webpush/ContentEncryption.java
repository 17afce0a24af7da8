package org.pushserver.mobile.webpush;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;

import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts a push message for one browser (RFC 8291 over the {@code aes128gcm} content encoding of RFC 8188): ECDH
 * between a fresh server key and the subscription's {@code p256dh}, HKDF-SHA256 keyed with its {@code auth} secret,
 * then one AES-128-GCM record. The body is {@code salt(16) || rs(4) || idlen(1) || keyid(65) || record}, the key id
 * being the server's ephemeral public key, so the browser can derive the same keys.
 */
final class ContentEncryption {
    /** The record size written in the header; the one record must fit in it. */
    static final int RECORD_SIZE = 4096;
    /** Header bytes in front of the record: salt, rs, idlen and the 65-byte key id. */
    static final int HEADER_LENGTH = 16 + 4 + 1 + P256.PUBLIC_LENGTH;
    /** Bytes the record adds to the plaintext: the last-record delimiter and the GCM tag. */
    static final int OVERHEAD = 1 + 16;

    private static final byte[] KEY_INFO = "WebPush: info\0".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CEK_INFO = "Content-Encoding: aes128gcm\0".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NONCE_INFO = "Content-Encoding: nonce\0".getBytes(StandardCharsets.US_ASCII);
    private static final byte LAST_RECORD = 0x02;

    private final SecureRandom random = new SecureRandom();

    /** The encrypted body for the browser whose public key is {@code uaPublic} (65 bytes) and auth secret {@code auth}. */
    byte[] encrypt(byte[] plaintext, byte[] uaPublic, byte[] auth) {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        return encrypt(plaintext, uaPublic, auth, P256.generate(), salt);
    }

    /** With a given server key pair and salt: the RFC 8291 example reproduces its published bytes with them. */
    static byte[] encrypt(byte[] plaintext, byte[] uaPublic, byte[] auth, KeyPair server, byte[] salt) {
        byte[] asPublic = P256.raw((ECPublicKey) server.getPublic());
        try {
            KeyAgreement ecdh = KeyAgreement.getInstance("ECDH");
            ecdh.init(server.getPrivate());
            ecdh.doPhase(P256.publicKey(uaPublic), true);
            byte[] ikm = hkdf(auth, ecdh.generateSecret(), concat(KEY_INFO, uaPublic, asPublic), 32);
            byte[] cek = hkdf(salt, ikm, CEK_INFO, 16);
            byte[] nonce = hkdf(salt, ikm, NONCE_INFO, 12);
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, nonce));
            byte[] padded = Arrays.copyOf(plaintext, plaintext.length + 1);
            padded[plaintext.length] = LAST_RECORD; // one record, unpadded: the delimiter ends it
            byte[] record = gcm.doFinal(padded);
            return ByteBuffer.allocate(HEADER_LENGTH + record.length)
                    .put(salt).putInt(RECORD_SIZE).put((byte) asPublic.length).put(asPublic).put(record).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot encrypt for this subscription: " + e.getMessage(), e);
        }
    }

    /** HKDF-SHA256 extract-then-expand (RFC 5869), by BouncyCastle. */
    private static byte[] hkdf(byte[] salt, byte[] ikm, byte[] info, int length) {
        HKDFBytesGenerator generator = new HKDFBytesGenerator(new SHA256Digest());
        generator.init(new HKDFParameters(ikm, salt, info));
        byte[] out = new byte[length];
        generator.generateBytes(out, 0, length);
        return out;
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        ByteBuffer buffer = ByteBuffer.allocate(length);
        for (byte[] part : parts) {
            buffer.put(part);
        }
        return buffer.array();
    }
}
