package org.pushserver.mobile.webpush;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.net.URI;
import java.security.interfaces.ECPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;

/**
 * The VAPID {@code Authorization} header (RFC 8292): {@code vapid t=<JWT>, k=<public key>}, the JWT signed ES256 with
 * the server's VAPID key, its {@code aud} the endpoint's origin, {@code exp} 12 h ahead (push services refuse more
 * than 24 h) and {@code sub} the contact. One JWT per origin is reused until an hour before it expires, so a burst to
 * one push service signs once; the cache is bounded because origins come from clients' endpoints.
 */
final class VapidAuthorization {
    static final Duration LIFETIME = Duration.ofHours(12);
    /** Reused for this long, so a JWT handed out still has at least an hour to live. */
    private static final Duration REUSE = LIFETIME.minusHours(1);
    private static final int MAX_ORIGINS = 1_000;

    private final ECDSASigner signer;
    private final String publicKey;
    private final String subject;
    private final Clock clock;
    private final Cache<String, String> headers;

    /**
     * @param privateKey the VAPID private key
     * @param publicKey  its public key, base64url of the raw point, sent as {@code k=}
     * @param subject    {@code mailto:} or {@code https:} contact
     */
    VapidAuthorization(ECPrivateKey privateKey, String publicKey, String subject, Clock clock) {
        try {
            this.signer = new ECDSASigner(privateKey);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("VAPID_PRIVATE_KEY: not usable for ES256: " + e.getMessage(), e);
        }
        this.publicKey = publicKey;
        this.subject = subject;
        this.clock = clock;
        this.headers = Caffeine.newBuilder().maximumSize(MAX_ORIGINS).expireAfterWrite(REUSE)
                .executor(Runnable::run) // eviction is cheap: no pool thread for it
                .build();
    }

    /** The header value for a request to {@code endpoint}. */
    String header(URI endpoint) {
        return headers.get(origin(endpoint), this::sign);
    }

    /** scheme://host[:port], the port only when it is not the scheme's default (RFC 6454 serialisation). */
    static String origin(URI endpoint) {
        String scheme = endpoint.getScheme().toLowerCase(java.util.Locale.ROOT);
        int port = endpoint.getPort();
        boolean defaultPort = port == -1 || scheme.equals("https") && port == 443 || scheme.equals("http") && port == 80;
        String host = endpoint.getHost().toLowerCase(java.util.Locale.ROOT);
        return scheme + "://" + host + (defaultPort ? "" : ":" + port);
    }

    private String sign(String origin) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .audience(origin)
                .expirationTime(Date.from(clock.instant().plus(LIFETIME)))
                .subject(subject)
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT).build(), claims);
        try {
            jwt.sign(signer); // nimbus writes the JOSE form R||S (64 bytes), not DER
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign the VAPID JWT: " + e.getMessage(), e);
        }
        return "vapid t=" + jwt.serialize() + ", k=" + publicKey;
    }
}
