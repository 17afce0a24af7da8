package org.pushserver.auth;

import com.nimbusds.jwt.JWTClaimsSet;
import org.pushserver.delivery.Token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * The claims of a JWT whose signature is already verified: {@code exp} and {@code nbf} (with the clock skew),
 * {@code iss} and {@code aud} when configured, then the room claim. Done here rather than by nimbus's claims verifier
 * so that each failure gets its own reason for the client and the metrics.
 */
final class JwtClaimsCheck {
    private final Clock clock;
    private final Duration skew;
    private final String issuer;
    private final String audience;
    private final String roomClaim;

    /** {@code issuer} and {@code audience} may be null (not checked). */
    JwtClaimsCheck(Clock clock, Duration skew, String issuer, String audience, String roomClaim) {
        this.clock = clock;
        this.skew = skew;
        this.issuer = issuer;
        this.audience = audience;
        this.roomClaim = roomClaim;
    }

    LoginVerdict check(JWTClaimsSet claims) {
        Instant now = clock.instant();
        // nimbus has already checked the types of the registered claims (a string "exp" is malformed)
        Date exp = claims.getExpirationTime();
        if (exp != null && !now.isBefore(exp.toInstant().plus(skew))) {
            return LoginRefusal.EXPIRED.verdict();
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && now.plus(skew).isBefore(nbf.toInstant())) {
            return LoginRefusal.NOT_YET_VALID.verdict();
        }
        if (issuer != null && !issuer.equals(claims.getIssuer())) {
            return LoginRefusal.WRONG_ISSUER.verdict();
        }
        if (audience != null && !claims.getAudience().contains(audience)) { // "aud": a string or a list
            return LoginRefusal.WRONG_AUDIENCE.verdict();
        }
        return Token.normalize(claims.getClaim(roomClaim))
                .map(LoginVerdict::accepted)
                .orElseGet(LoginRefusal.MISSING_ROOM_CLAIM::verdict);
    }
}
