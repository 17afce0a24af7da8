package org.pushserver.config;

import org.pushserver.config.check.Check;
import org.pushserver.config.check.InvalidConfigException;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * How a socket's login is verified, and the per-socket login limits.
 *
 * @param mode             {@code none}, {@code jwt} or {@code webhook} ({@code LOGIN_AUTH})
 * @param jwtSecret        HMAC secret, or null ({@code JWT_SECRET})
 * @param jwtPublicKeyFile PEM public key, or null ({@code JWT_PUBLIC_KEY_FILE})
 * @param jwksFile         JSON Web Key Set, or null ({@code JWKS_FILE})
 * @param roomClaim        claim naming the room ({@code JWT_ROOM_CLAIM})
 * @param issuer           required {@code iss}, or null ({@code JWT_ISSUER})
 * @param audience         required {@code aud}, or null ({@code JWT_AUDIENCE})
 * @param clockSkew        tolerance on {@code exp}/{@code nbf} ({@code JWT_CLOCK_SKEW_MS})
 * @param webhookUrl       where tokens are checked in webhook mode, or null ({@code LOGIN_WEBHOOK_URL})
 * @param webhookTimeout   bound on one webhook call ({@code LOGIN_WEBHOOK_TIMEOUT_MS})
 * @param cacheTtl         how long a webhook answer is reused ({@code LOGIN_CACHE_MS})
 * @param maxFailures      refused logins before the socket is disconnected ({@code MAX_LOGIN_FAILURES})
 * @param loginsPerMinute  login attempts per socket per minute ({@code LOGINS_PER_MINUTE})
 */
public record LoginConfig(Mode mode, String jwtSecret, Path jwtPublicKeyFile, Path jwksFile, String roomClaim,
                          String issuer, String audience, Duration clockSkew, URI webhookUrl, Duration webhookTimeout,
                          Duration cacheTtl, int maxFailures, int loginsPerMinute) {

    /** How logins are verified. */
    public enum Mode { NONE, JWT, WEBHOOK }

    public LoginConfig {
        jwtSecret = emptyToNull(jwtSecret);
        issuer = emptyToNull(issuer);
        audience = emptyToNull(audience);
        Check.notBlank("JWT_ROOM_CLAIM", roomClaim);
        Check.notNegative("JWT_CLOCK_SKEW_MS", clockSkew);
        Check.positive("LOGIN_WEBHOOK_TIMEOUT_MS", webhookTimeout);
        Check.notNegative("LOGIN_CACHE_MS", cacheTtl);
        Check.range("MAX_LOGIN_FAILURES", maxFailures, 1, 1000);
        Check.range("LOGINS_PER_MINUTE", loginsPerMinute, 1, 100_000);
        if (mode == Mode.JWT) {
            long keySources = Stream.of(jwtSecret, jwtPublicKeyFile, jwksFile).filter(v -> v != null).count();
            if (keySources != 1) {
                throw new InvalidConfigException("LOGIN_AUTH=jwt: set exactly one of JWT_SECRET, JWT_PUBLIC_KEY_FILE, JWKS_FILE");
            }
            if (jwtSecret != null && jwtSecret.getBytes(java.nio.charset.StandardCharsets.UTF_8).length < 32) {
                throw new InvalidConfigException("JWT_SECRET (--jwt-secret): at least 32 bytes (HS256 needs 256 bits)");
            }
            readable("JWT_PUBLIC_KEY_FILE", jwtPublicKeyFile);
            readable("JWKS_FILE", jwksFile);
        }
        if (mode == Mode.WEBHOOK && (webhookUrl == null || !webhookUrl.getScheme().matches("https?"))) {
            throw new InvalidConfigException("LOGIN_WEBHOOK_URL (--login-webhook-url): LOGIN_AUTH=webhook needs an http(s) URL");
        }
    }

    private static String emptyToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static void readable(String key, Path file) {
        if (file != null && !Files.isReadable(file)) {
            throw new InvalidConfigException(key + ": cannot read " + file);
        }
    }

    @Override
    public String toString() { // never the secret
        return "LoginConfig[mode=" + mode + ", roomClaim=" + roomClaim + ", webhookUrl=" + webhookUrl + "]";
    }
}
