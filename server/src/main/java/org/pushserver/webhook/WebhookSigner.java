package org.pushserver.webhook;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.List;

/**
 * Signs what the server POSTs to the backend (webhooks and client events): {@code X-Push-Timestamp: <Unix seconds>}
 * and {@code X-Push-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>}, the scheme the backend's
 * own signed {@code /api} calls use. It signs with the first of {@code WEBHOOK_SECRET}'s secrets; a backend accepts
 * any of them, so a secret is rotated by putting the new one first, then dropping the old one.
 */
public final class WebhookSigner {
    /** The header carrying the timestamp. */
    public static final String TIMESTAMP_HEADER = "X-Push-Timestamp";
    /** The header carrying the signature. */
    public static final String SIGNATURE_HEADER = "X-Push-Signature";

    private final SecretKeySpec key;

    /** @param secrets {@code WEBHOOK_SECRET}, newest first; at least one */
    public WebhookSigner(List<String> secrets) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("no secret to sign with");
        }
        this.key = new SecretKeySpec(secrets.get(0).getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /** The two headers for {@code body} sent at {@code nowMillis}. */
    public Signature sign(byte[] body, long nowMillis) {
        String timestamp = Long.toString(nowMillis / 1000);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(timestamp.getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) '.');
            return new Signature(timestamp, "sha256=" + HexFormat.of().formatHex(mac.doFinal(body)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /**
     * The values of {@link #TIMESTAMP_HEADER} and {@link #SIGNATURE_HEADER}.
     *
     * @param timestamp Unix seconds
     * @param signature {@code sha256=<hex>}
     */
    public record Signature(String timestamp, String signature) {
    }
}
