package org.pushserver.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pushserver.config.LoginConfig;
import org.pushserver.config.check.InvalidConfigException;
import org.pushserver.testing.JwtIssuer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** JwtLogin's verdicts, with a fixed clock, for each key kind and each way a token can be wrong. */
class JwtLoginTest {
    private static final String SECRET = "0123456789abcdef0123456789abcdef"; // 32 bytes
    private static final Instant NOW = Instant.parse("2030-01-01T12:00:00Z");
    private static final Duration SKEW = Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    private static JwtIssuer rsa;
    private static JwtIssuer ec;

    @BeforeAll
    static void keys() {
        rsa = JwtIssuer.rsa("rsa-1");
        ec = JwtIssuer.ec("ec-1");
    }

    private static LoginConfig config(String secret, Path pem, Path jwks, String roomClaim, String issuer, String audience) {
        return new LoginConfig(LoginConfig.Mode.JWT, secret, pem, jwks, roomClaim, issuer, audience, SKEW,
                null, Duration.ofSeconds(3), Duration.ZERO, 5, 30);
    }

    private static JwtLogin hmacLogin() {
        return new JwtLogin(config(SECRET, null, null, "sub", null, null), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static JwtLogin login(LoginConfig config) {
        return new JwtLogin(config, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    /** Claims valid at NOW for {@code sub}. */
    private static JWTClaimsSet.Builder valid(String sub) {
        return new JWTClaimsSet.Builder().subject(sub)
                .issueTime(Date.from(NOW.minusSeconds(60)))
                .notBeforeTime(Date.from(NOW.minusSeconds(60)))
                .expirationTime(Date.from(NOW.plusSeconds(600)));
    }

    private static String hs256(JWTClaimsSet.Builder claims) {
        return JwtIssuer.hmac(JWSAlgorithm.HS256, SECRET).signClaims(claims.build());
    }

    private static void assertRefused(LoginRefusal expected, LoginVerdict verdict) {
        assertEquals(LoginVerdict.refused(expected.reason()), verdict);
    }

    @Test
    void aValidHs256TokenNamesTheRoomOfItsSubject() {
        assertEquals(LoginVerdict.accepted("user-17"), hmacLogin().check(hs256(valid("user-17"))));
        assertTrue(hmacLogin().verify(hs256(valid("user-17"))).isDone(), "a JWT verdict is complete at once");
    }

    @Test
    void anIntegerRoomClaimIsNormalisedLikeATokenId() {
        JwtLogin login = login(config(SECRET, null, null, "uid", null, null));
        assertEquals(LoginVerdict.accepted("42"), login.check(hs256(valid("ignored").claim("uid", 42))));
        assertEquals(LoginVerdict.accepted("u-1"), login.check(hs256(valid("ignored").claim("uid", "  u-1 "))));
    }

    @Test
    void aMissingOrUnusableRoomClaimIsRefused() {
        assertRefused(LoginRefusal.MISSING_ROOM_CLAIM, hmacLogin().check(hs256(valid(null))));
        JwtLogin login = login(config(SECRET, null, null, "uid", null, null));
        assertRefused(LoginRefusal.MISSING_ROOM_CLAIM, login.check(hs256(valid("x").claim("uid", Map.of("a", 1)))));
        assertRefused(LoginRefusal.MISSING_ROOM_CLAIM, login.check(hs256(valid("x").claim("uid", 1.5))));
        assertRefused(LoginRefusal.MISSING_ROOM_CLAIM, login.check(hs256(valid("x").claim("uid", "x".repeat(257)))));
    }

    @Test
    void anExpiredTokenIsRefusedOnlyOnceTheClockSkewHasPassed() {
        assertRefused(LoginRefusal.EXPIRED, hmacLogin().check(hs256(valid("u").expirationTime(Date.from(NOW.minusSeconds(31))))));
        assertEquals(LoginVerdict.accepted("u"), hmacLogin().check(hs256(valid("u").expirationTime(Date.from(NOW.minusSeconds(29))))));
    }

    @Test
    void aTokenNotYetValidIsRefusedBeyondTheClockSkew() {
        assertRefused(LoginRefusal.NOT_YET_VALID, hmacLogin().check(hs256(valid("u").notBeforeTime(Date.from(NOW.plusSeconds(31))))));
        assertEquals(LoginVerdict.accepted("u"), hmacLogin().check(hs256(valid("u").notBeforeTime(Date.from(NOW.plusSeconds(29))))));
    }

    @Test
    void aTokenWithoutExpiryOrNotBeforeIsAccepted() {
        assertEquals(LoginVerdict.accepted("u"), hmacLogin().check(hs256(new JWTClaimsSet.Builder().subject("u"))));
    }

    @Test
    void theIssuerIsCheckedWhenConfigured() {
        JwtLogin login = login(config(SECRET, null, null, "sub", "https://backend", null));
        assertEquals(LoginVerdict.accepted("u"), login.check(hs256(valid("u").issuer("https://backend"))));
        assertRefused(LoginRefusal.WRONG_ISSUER, login.check(hs256(valid("u").issuer("https://elsewhere"))));
        assertRefused(LoginRefusal.WRONG_ISSUER, login.check(hs256(valid("u"))));
    }

    @Test
    void theAudienceIsCheckedWhenConfiguredAsAStringOrInAList() {
        JwtLogin login = login(config(SECRET, null, null, "sub", null, "push"));
        assertEquals(LoginVerdict.accepted("u"), login.check(hs256(valid("u").audience("push"))));
        assertEquals(LoginVerdict.accepted("u"), login.check(hs256(valid("u").audience(List.of("api", "push")))));
        assertRefused(LoginRefusal.WRONG_AUDIENCE, login.check(hs256(valid("u").audience("api"))));
        assertRefused(LoginRefusal.WRONG_AUDIENCE, login.check(hs256(valid("u"))));
    }

    @Test
    void aTokenSignedWithAnotherSecretOrAlteredIsRefusedAsBadSignature() {
        String other = JwtIssuer.hmac(JWSAlgorithm.HS256, "another-secret-of-at-least-32-bytes!").signClaims(valid("u").build());
        assertRefused(LoginRefusal.BAD_SIGNATURE, hmacLogin().check(other));

        String[] parts = hs256(valid("victim")).split("\\.");
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"sub\":\"admin\",\"exp\":1999999999}".getBytes(StandardCharsets.UTF_8));
        assertRefused(LoginRefusal.BAD_SIGNATURE, hmacLogin().check(parts[0] + "." + forged + "." + parts[2]));
    }

    @Test
    void anUnsignedTokenIsRefused() {
        String unsigned = new PlainJWT(valid("u").build()).serialize();
        assertRefused(LoginRefusal.MALFORMED, hmacLogin().check(unsigned));
        // the same with a signature part added, as some attacks try
        assertRefused(LoginRefusal.MALFORMED, hmacLogin().check(unsigned + "AAAA"));
    }

    @Test
    void hmacAlgorithmsNeedASecretAsLongAsTheirHash() throws Exception {
        String hs512 = JwtIssuer.hmac(JWSAlgorithm.HS512, SECRET + SECRET).signClaims(valid("u").build());
        // with a 32-byte secret HS512 is not allowed at all, whatever the signature
        assertRefused(LoginRefusal.BAD_SIGNATURE, hmacLogin().check(hs512));
        JwtLogin long64 = login(config(SECRET + SECRET, null, null, "sub", null, null));
        assertEquals(LoginVerdict.accepted("u"), long64.check(hs512));
        assertEquals(LoginVerdict.accepted("u"), long64.check(
                JwtIssuer.hmac(JWSAlgorithm.HS384, SECRET + SECRET).signClaims(valid("u").build())));
    }

    @Test
    void rs256AndEs256TokensAreVerifiedWithAPemPublicKey() {
        JwtLogin rsaLogin = login(config(null, rsa.writePem(dir), null, "sub", null, null));
        JwtLogin ecLogin = login(config(null, ec.writePem(dir), null, "sub", null, null));
        assertEquals(LoginVerdict.accepted("r"), rsaLogin.check(rsa.signClaims(valid("r").build())));
        assertEquals(LoginVerdict.accepted("e"), ecLogin.check(ec.signClaims(valid("e").build())));
        assertRefused(LoginRefusal.BAD_SIGNATURE, rsaLogin.check(ec.signClaims(valid("e").build())));
        assertRefused(LoginRefusal.BAD_SIGNATURE, ecLogin.check(rsa.signClaims(valid("r").build())));
        assertRefused(LoginRefusal.BAD_SIGNATURE, rsaLogin.check(JwtIssuer.rsa(null).signClaims(valid("r").build())));
        assertRefused(LoginRefusal.BAD_SIGNATURE, ecLogin.check(JwtIssuer.ec(null).signClaims(valid("e").build())));
    }

    @Test
    void anHmacTokenKeyedWithThePublicKeyIsRefused() throws Exception {
        // The classic algorithm confusion: HS256 "signed" with the server's public key as the HMAC secret.
        Path pem = rsa.writePem(dir);
        JwtLogin rsaLogin = login(config(null, pem, null, "sub", null, null));
        SignedJWT confused = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), valid("admin").build());
        confused.sign(new MACSigner(Files.readAllBytes(pem)));
        assertRefused(LoginRefusal.BAD_SIGNATURE, rsaLogin.check(confused.serialize()));
    }

    @Test
    void aJwksFileVerifiesTokensOfEachOfItsKeysByKeyId() {
        JwtLogin login = login(config(null, null, JwtIssuer.writeJwks(dir, rsa, ec), "sub", null, null));
        assertEquals(LoginVerdict.accepted("r"), login.check(rsa.signClaims(valid("r").build())));
        assertEquals(LoginVerdict.accepted("e"), login.check(ec.signClaims(valid("e").build())));
        assertRefused(LoginRefusal.BAD_SIGNATURE, login.check(JwtIssuer.rsa("rsa-1").signClaims(valid("r").build())));
        assertRefused(LoginRefusal.BAD_SIGNATURE, login.check(JwtIssuer.rsa("unknown").signClaims(valid("r").build())));
        assertRefused(LoginRefusal.BAD_SIGNATURE, login.check(hs256(valid("h"))));
    }

    @ParameterizedTest(name = "\"{0}\" is malformed")
    @ValueSource(strings = {"not a jwt", "a.b.c", "eyJhbGciOiJIUzI1NiJ9.e30", "eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.c2ln", "....."})
    void garbageIsRefusedAsMalformed(String token) {
        assertRefused(LoginRefusal.MALFORMED, hmacLogin().check(token));
    }

    @Test
    void anOversizedCredentialIsRefusedUnread() {
        assertRefused(LoginRefusal.MALFORMED, hmacLogin().check("a".repeat(JwtLogin.MAX_LENGTH + 1)));
    }

    @Test
    void unusableKeyFilesStopTheServerFromStartingWithTheSettingNamed() throws Exception {
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n");
        InvalidConfigException pem = assertThrows(InvalidConfigException.class, () -> new JwtLogin(config(null, garbage, null, "sub", null, null)));
        assertTrue(pem.getMessage().startsWith("JWT_PUBLIC_KEY_FILE"), pem.getMessage());

        Path noPem = Files.writeString(dir.resolve("empty.pem"), "nothing here");
        assertThrows(InvalidConfigException.class, () -> new JwtLogin(config(null, noPem, null, "sub", null, null)));

        Path octOnly = Files.writeString(dir.resolve("oct.json"), "{\"keys\":[{\"kty\":\"oct\",\"k\":\"" +
                Base64.getUrlEncoder().withoutPadding().encodeToString(SECRET.getBytes(StandardCharsets.UTF_8)) + "\"}]}");
        InvalidConfigException jwks = assertThrows(InvalidConfigException.class, () -> new JwtLogin(config(null, null, octOnly, "sub", null, null)));
        assertTrue(jwks.getMessage().startsWith("JWKS_FILE"), jwks.getMessage());

        Path notJson = Files.writeString(dir.resolve("bad.json"), "{");
        assertThrows(InvalidConfigException.class, () -> new JwtLogin(config(null, null, notJson, "sub", null, null)));
    }
}
