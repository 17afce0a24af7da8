package org.pushserver.testing;

import org.pushserver.config.mobile.WebPushConfig;
import org.pushserver.mobile.webpush.P256;

import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.List;

/**
 * A fresh VAPID key pair in the form {@code npx web-push generate-vapid-keys} prints it: base64url of the raw 65-byte
 * public point and of the 32-byte private scalar.
 */
public record VapidKeys(String publicKey, String privateKey) {
    /** The contact tests configure. */
    public static final String SUBJECT = "mailto:ops@example.com";

    public static VapidKeys generate() {
        KeyPair pair = P256.generate();
        byte[] s = ((ECPrivateKey) pair.getPrivate()).getS().toByteArray();
        byte[] scalar = new byte[32]; // BigInteger may add a sign byte or drop leading zeros
        int length = Math.min(s.length, 32);
        System.arraycopy(s, s.length - length, scalar, 32 - length, length);
        return new VapidKeys(P256.base64url(P256.raw((ECPublicKey) pair.getPublic())), P256.base64url(scalar));
    }

    /** Web Push configured with these keys, allowing {@code allowedHosts}. */
    public WebPushConfig config(String... allowedHosts) {
        return new WebPushConfig(publicKey, privateKey, SUBJECT, List.of(allowedHosts));
    }

    /** The server's command-line flags for these keys. */
    public String[] flags(String allowedHosts) {
        return new String[] {"--vapid-public-key", publicKey, "--vapid-private-key", privateKey,
            "--vapid-subject", SUBJECT, "--webpush-allowed-hosts", allowedHosts};
    }
}
