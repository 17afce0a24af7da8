package org.pushserver.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import org.pushserver.config.LoginConfig;
import org.pushserver.delivery.Token;

import java.text.ParseException;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * {@code LOGIN_AUTH=jwt}: the credential is a JWT signed by the backend, checked by nimbus-jose-jwt against the
 * configured key ({@link JwtKeys}) and then by its claims ({@link JwtClaimsCheck}); the room is the room claim. The
 * check is a signature verification on the calling thread (tens of microseconds), so the verdict is always complete.
 */
public final class JwtLogin implements LoginVerifier {
    /** Longer credentials are refused unread: a JWT naming a user is a few hundred bytes. */
    static final int MAX_LENGTH = 8192;

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final JwtClaimsCheck claims;
    private final Set<JWSAlgorithm> algorithms;

    public JwtLogin(LoginConfig config) {
        this(config, Clock.systemUTC());
    }

    /** With the clock {@code exp} and {@code nbf} are compared to (tests). */
    JwtLogin(LoginConfig config, Clock clock) {
        JwtKeys keys = JwtKeys.from(config);
        processor.setJWSKeySelector(keys.selector());
        // Any "typ" header: what binds a token to this server is its key, and JWT_AUDIENCE when set.
        processor.setJWSTypeVerifier((type, context) -> { });
        processor.setJWTClaimsSetVerifier((claimsSet, context) -> { }); // JwtClaimsCheck gives each failure its reason
        this.claims = new JwtClaimsCheck(clock, config.clockSkew(), config.issuer(), config.audience(), config.roomClaim());
        this.algorithms = keys.algorithms();
    }

    @Override
    public CompletableFuture<LoginVerdict> verify(String credential) {
        return CompletableFuture.completedFuture(check(credential));
    }

    /** The verdict for {@code token}; never throws. */
    LoginVerdict check(String token) {
        if (token == null || token.length() > MAX_LENGTH) {
            return LoginRefusal.MALFORMED.verdict();
        }
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(Token.trim(token)); // a JWS in compact form; an unsecured ("alg":"none") or encrypted one is not
        } catch (ParseException e) {
            return LoginRefusal.MALFORMED.verdict();
        }
        if (!algorithms.contains(jwt.getHeader().getAlgorithm())) {
            return LoginRefusal.BAD_SIGNATURE.verdict(); // signed with an algorithm the configured key does not allow
        }
        JWTClaimsSet verified;
        try {
            verified = processor.process(jwt, null);
        } catch (BadJWTException e) { // the payload is not a JSON claims set
            return LoginRefusal.MALFORMED.verdict();
        } catch (BadJOSEException | JOSEException e) { // no key matches, or the signature does not verify
            return LoginRefusal.BAD_SIGNATURE.verdict();
        } catch (RuntimeException e) { // whatever a crafted token may trigger in parsing: refused, never thrown
            return LoginRefusal.MALFORMED.verdict();
        }
        return claims.check(verified);
    }
}
