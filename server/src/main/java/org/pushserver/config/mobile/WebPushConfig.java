package org.pushserver.config.mobile;

import org.pushserver.config.check.InvalidConfigException;

import java.util.Base64;
import java.util.List;

/**
 * Web Push with VAPID; on when both keys are set. Keys are given as web-push tools print them: base64url of the raw
 * P-256 public point (65 bytes) and private scalar (32 bytes).
 *
 * @param publicKey    {@code VAPID_PUBLIC_KEY}
 * @param privateKey   {@code VAPID_PRIVATE_KEY}
 * @param subject      {@code VAPID_SUBJECT}: a {@code mailto:} or {@code https:} contact
 * @param allowedHosts {@code WEBPUSH_ALLOWED_HOSTS}: push-service hosts ({@code *.suffix} matches subdomains)
 */
public record WebPushConfig(String publicKey, String privateKey, String subject, List<String> allowedHosts) {
    public WebPushConfig {
        allowedHosts = List.copyOf(allowedHosts);
        boolean pub = publicKey != null && !publicKey.isEmpty();
        boolean priv = privateKey != null && !privateKey.isEmpty();
        if (pub != priv) {
            throw new InvalidConfigException((pub ? "VAPID_PRIVATE_KEY (--vapid-private-key)" : "VAPID_PUBLIC_KEY (--vapid-public-key)")
                    + ": Web Push needs both VAPID keys");
        }
        if (pub) {
            length("VAPID_PUBLIC_KEY", publicKey, 65);
            length("VAPID_PRIVATE_KEY", privateKey, 32);
            if (subject == null || !(subject.startsWith("mailto:") || subject.startsWith("https://"))) {
                throw new InvalidConfigException("VAPID_SUBJECT (--vapid-subject): expected a mailto: or https: contact, got '" + subject + "'");
            }
            if (allowedHosts.isEmpty()) {
                throw new InvalidConfigException("WEBPUSH_ALLOWED_HOSTS (--webpush-allowed-hosts): must not be empty");
            }
        }
    }

    private static void length(String key, String value, int bytes) {
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(value.replace("=", ""));
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(key + ": not base64url");
        }
        if (raw.length != bytes) {
            throw new InvalidConfigException(key + ": expected " + bytes + " bytes of raw P-256 key, got " + raw.length);
        }
    }

    @Override
    public String toString() { // never the private key
        return "WebPushConfig[publicKey=" + publicKey + ", subject=" + subject + ", allowedHosts=" + allowedHosts + "]";
    }

    /** True when Web Push is configured. */
    public boolean enabled() {
        return publicKey != null && !publicKey.isEmpty();
    }
}
