package org.pushserver.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A backend that signs JWTs for tests: an HMAC secret, or an RSA / EC P-256 key pair made by the JDK's
 * KeyPairGenerator, whose public half is written as PEM or in a JWKS file for the server. Tokens are signed by nimbus.
 */
public final class JwtIssuer {
    private final JWSAlgorithm algorithm;
    private final JWSSigner signer;
    private final PublicKey publicKey;
    private final String keyId;

    private JwtIssuer(JWSAlgorithm algorithm, JWSSigner signer, PublicKey publicKey, String keyId) {
        this.algorithm = algorithm;
        this.signer = signer;
        this.publicKey = publicKey;
        this.keyId = keyId;
    }

    /** HS256/384/512 with {@code secret}. */
    public static JwtIssuer hmac(JWSAlgorithm algorithm, String secret) {
        try {
            return new JwtIssuer(algorithm, new MACSigner(secret.getBytes(StandardCharsets.UTF_8)), null, null);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** RS256 with a new 2048-bit key pair; {@code keyId} (may be null) goes into the header and the JWKS. */
    public static JwtIssuer rsa(String keyId) {
        KeyPair pair = generate("RSA", null);
        return new JwtIssuer(JWSAlgorithm.RS256, new RSASSASigner(pair.getPrivate()), pair.getPublic(), keyId);
    }

    /** ES256 with a new P-256 key pair. */
    public static JwtIssuer ec(String keyId) {
        KeyPair pair = generate("EC", new ECGenParameterSpec("secp256r1"));
        try {
            return new JwtIssuer(JWSAlgorithm.ES256, new ECDSASigner((ECPrivateKey) pair.getPrivate()), pair.getPublic(), keyId);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair generate(String type, ECGenParameterSpec spec) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(type);
            if (spec != null) {
                generator.initialize(spec);
            } else {
                generator.initialize(2048);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return algorithm.getName() + (keyId != null ? " " + keyId : "");
    }

    /** A token for {@code sub}, valid from a minute ago for ten minutes. */
    public String token(String sub) {
        return sign(claims -> claims.subject(sub));
    }

    /** A token with the claims {@code edit} sets, on top of {@code iat}/{@code nbf} a minute ago and {@code exp} in ten minutes. */
    public String sign(UnaryOperator<JWTClaimsSet.Builder> edit) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issueTime(Date.from(now.minusSeconds(60)))
                .notBeforeTime(Date.from(now.minusSeconds(60)))
                .expirationTime(Date.from(now.plusSeconds(600)));
        return signClaims(edit.apply(claims).build());
    }

    /** Exactly {@code claims}, signed. */
    public String signClaims(JWTClaimsSet claims) {
        JWSHeader header = new JWSHeader.Builder(algorithm).keyID(keyId).build();
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    /** Writes the public key as a PEM file ({@code -----BEGIN PUBLIC KEY-----}) in {@code dir}. */
    public Path writePem(Path dir) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(publicKey.getEncoded());
        return write(dir.resolve(algorithm.getName() + "-" + System.nanoTime() + ".pem"),
                "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n");
    }

    /** Writes a JWKS file holding the public keys of {@code issuers} in {@code dir}. */
    public static Path writeJwks(Path dir, JwtIssuer... issuers) {
        List<JWK> keys = Arrays.stream(issuers).map(JwtIssuer::publicJwk).toList();
        return write(dir.resolve("jwks-" + System.nanoTime() + ".json"), new JWKSet(keys).toString(true));
    }

    private JWK publicJwk() {
        if (publicKey instanceof RSAPublicKey rsa) {
            return new RSAKey.Builder(rsa).keyID(keyId).build();
        }
        return new ECKey.Builder(Curve.P_256, (ECPublicKey) publicKey).keyID(keyId).build();
    }

    private static Path write(Path file, String text) {
        try {
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
