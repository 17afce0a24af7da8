package org.pushserver.testing;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.pushserver.mobile.WebPushSubscription;
import org.pushserver.mobile.webpush.P256;

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
 * A browser's side of a Web Push subscription: its own P-256 key pair and auth secret, made by the test, and the
 * decryption of an {@code aes128gcm} body (RFC 8188 + RFC 8291) written from the RFCs, apart from the server's code.
 */
public final class PushBrowser {
    private final KeyPair keys = P256.generate();
    private final byte[] auth = new byte[16];
    private final byte[] publicKey;
    private final String endpoint;

    PushBrowser(String endpoint) {
        new SecureRandom().nextBytes(auth);
        this.publicKey = P256.raw((ECPublicKey) keys.getPublic());
        this.endpoint = endpoint;
    }

    /** The subscription as a page sends it to the server. */
    public WebPushSubscription subscription() {
        return new WebPushSubscription(endpoint, P256.base64url(publicKey), P256.base64url(auth));
    }

    /** {@code PushSubscription.toJSON()} as a page sends it: {@code {"endpoint", "keys": {"p256dh", "auth"}}}. */
    public String subscriptionJson() {
        WebPushSubscription s = subscription();
        return "{\"endpoint\":\"" + s.endpoint() + "\",\"keys\":{\"p256dh\":\"" + s.p256dh() + "\",\"auth\":\"" + s.auth() + "\"}}";
    }

    public String endpoint() {
        return endpoint;
    }

    /** The plaintext of {@code body}; GeneralSecurityException or IllegalArgumentException when it is not ours. */
    public byte[] decrypt(byte[] body) throws GeneralSecurityException {
        ByteBuffer in = ByteBuffer.wrap(body);
        byte[] salt = new byte[16];
        in.get(salt);
        int rs = in.getInt();
        byte[] keyId = new byte[in.get() & 0xff];
        in.get(keyId);
        byte[] record = new byte[in.remaining()];
        in.get(record);
        if (record.length > rs) {
            throw new IllegalArgumentException("one record of " + record.length + " bytes exceeds rs=" + rs);
        }
        KeyAgreement ecdh = KeyAgreement.getInstance("ECDH");
        ecdh.init(keys.getPrivate());
        ecdh.doPhase(P256.publicKey(keyId), true); // the key id is the sender's ephemeral public key
        byte[] keyInfo = concat("WebPush: info\0".getBytes(StandardCharsets.US_ASCII), publicKey, keyId);
        byte[] ikm = hkdf(auth, ecdh.generateSecret(), keyInfo, 32);
        byte[] cek = hkdf(salt, ikm, "Content-Encoding: aes128gcm\0".getBytes(StandardCharsets.US_ASCII), 16);
        byte[] nonce = hkdf(salt, ikm, "Content-Encoding: nonce\0".getBytes(StandardCharsets.US_ASCII), 12);
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, nonce));
        byte[] padded = gcm.doFinal(record);
        int end = padded.length - 1;
        while (end >= 0 && padded[end] == 0) { // padding zeros, then the delimiter: 2 for the last record
            end--;
        }
        if (end < 0 || padded[end] != 2) {
            throw new IllegalArgumentException("the record does not end with the last-record delimiter 0x02");
        }
        return Arrays.copyOf(padded, end);
    }

    private static byte[] hkdf(byte[] salt, byte[] ikm, byte[] info, int length) {
        HKDFBytesGenerator generator = new HKDFBytesGenerator(new SHA256Digest());
        generator.init(new HKDFParameters(ikm, salt, info));
        byte[] out = new byte[length];
        generator.generateBytes(out, 0, length);
        return out;
    }

    private static byte[] concat(byte[]... parts) {
        ByteBuffer out = ByteBuffer.allocate(Arrays.stream(parts).mapToInt(p -> p.length).sum());
        for (byte[] part : parts) {
            out.put(part);
        }
        return out.array();
    }
}
