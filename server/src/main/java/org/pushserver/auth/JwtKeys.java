package org.pushserver.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import org.pushserver.config.LoginConfig;
import org.pushserver.config.check.InvalidConfigException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keys a JWT may be signed with, and the only algorithms they allow: HS256/384/512 for {@code JWT_SECRET} (each
 * only when the secret is as long as its hash, RFC 7518 §3.2), the RSA family for an RSA key, the one ES algorithm of
 * an EC key's curve. A token whose header names any other algorithm ("none", or HS256 against a public key) finds no
 * key, so algorithm confusion is impossible by construction.
 *
 * <p>A secret or a PEM key is the only key, used whatever {@code kid} a token names; the keys of a JWKS file are
 * chosen by nimbus by {@code kid}, type and curve, so that keys can be rotated.
 *
 * @param selector   nimbus's key selector
 * @param algorithms the algorithms the keys allow
 */
record JwtKeys(JWSKeySelector<SecurityContext> selector, Set<JWSAlgorithm> algorithms) {
    private static final Pattern PEM = Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");
    private static final Map<Curve, JWSAlgorithm> EC_ALGORITHMS =
            Map.of(Curve.P_256, JWSAlgorithm.ES256, Curve.P_384, JWSAlgorithm.ES384, Curve.P_521, JWSAlgorithm.ES512);

    /** The keys {@code config} names; an {@link InvalidConfigException} naming the setting when they are unusable. */
    static JwtKeys from(LoginConfig config) {
        if (config.jwtSecret() != null) {
            return secret(config.jwtSecret().getBytes(StandardCharsets.UTF_8));
        }
        if (config.jwtPublicKeyFile() != null) {
            PublicKey key = pemKey(config.jwtPublicKeyFile());
            return only(key, algorithmsOf("JWT_PUBLIC_KEY_FILE", key));
        }
        if (config.jwksFile() != null) {
            return jwks(config.jwksFile());
        }
        throw new InvalidConfigException("LOGIN_AUTH=jwt: set one of JWT_SECRET, JWT_PUBLIC_KEY_FILE, JWKS_FILE");
    }

    private static JwtKeys secret(byte[] secret) {
        Set<JWSAlgorithm> algorithms = new LinkedHashSet<>();
        algorithms.add(JWSAlgorithm.HS256); // LoginConfig already requires 32 bytes
        if (secret.length >= 48) {
            algorithms.add(JWSAlgorithm.HS384);
        }
        if (secret.length >= 64) {
            algorithms.add(JWSAlgorithm.HS512);
        }
        return only(new SecretKeySpec(secret, "HmacSHA256"), algorithms);
    }

    /** One key for every token whose algorithm it allows. */
    private static JwtKeys only(Key key, Set<JWSAlgorithm> algorithms) {
        Set<JWSAlgorithm> allowed = Set.copyOf(algorithms);
        JWSKeySelector<SecurityContext> selector = (header, context) ->
                allowed.contains(header.getAlgorithm()) ? List.of(key) : List.of();
        return new JwtKeys(selector, allowed);
    }

    private static Set<JWSAlgorithm> algorithmsOf(String setting, PublicKey key) {
        if (key instanceof RSAPublicKey) {
            return JWSAlgorithm.Family.RSA;
        }
        if (key instanceof ECPublicKey ec) {
            return ecAlgorithm(setting, Curve.forECParameterSpec(ec.getParams()));
        }
        throw new InvalidConfigException(setting + ": not an RSA or EC public key");
    }

    private static Set<JWSAlgorithm> ecAlgorithm(String setting, Curve curve) {
        JWSAlgorithm algorithm = curve == null ? null : EC_ALGORITHMS.get(curve);
        if (algorithm == null) {
            throw new InvalidConfigException(setting + ": EC curve " + curve + " is not supported (P-256, P-384, P-521)");
        }
        return Set.of(algorithm);
    }

    /** The first PEM object of {@code file}: a public key (SubjectPublicKeyInfo) or an X.509 certificate. */
    private static PublicKey pemKey(Path file) {
        Matcher pem = PEM.matcher(read("JWT_PUBLIC_KEY_FILE", file));
        if (!pem.find()) {
            throw new InvalidConfigException("JWT_PUBLIC_KEY_FILE: no PEM object (-----BEGIN PUBLIC KEY-----) in " + file);
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(pem.group(2));
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException("JWT_PUBLIC_KEY_FILE: bad base64 in " + file);
        }
        return switch (pem.group(1)) {
            case "PUBLIC KEY" -> publicKey(der, file);
            case "CERTIFICATE" -> certificateKey(der, file);
            default -> throw new InvalidConfigException("JWT_PUBLIC_KEY_FILE: expected BEGIN PUBLIC KEY or BEGIN CERTIFICATE, got BEGIN "
                    + pem.group(1) + " in " + file);
        };
    }

    private static PublicKey publicKey(byte[] der, Path file) {
        for (String type : new String[] {"RSA", "EC"}) {
            try {
                return KeyFactory.getInstance(type).generatePublic(new X509EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // not this type: try the next
            }
        }
        throw new InvalidConfigException("JWT_PUBLIC_KEY_FILE: not an RSA or EC public key: " + file);
    }

    private static PublicKey certificateKey(byte[] der, Path file) {
        try {
            return CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der)).getPublicKey();
        } catch (GeneralSecurityException e) {
            throw new InvalidConfigException("JWT_PUBLIC_KEY_FILE: unreadable certificate in " + file + ": " + e.getMessage());
        }
    }

    /** The public RSA and EC signing keys of a JWKS file (private parts, if any, are dropped; other keys ignored). */
    private static JwtKeys jwks(Path file) {
        JWKSet set;
        try {
            set = JWKSet.parse(read("JWKS_FILE", file));
        } catch (ParseException e) {
            throw new InvalidConfigException("JWKS_FILE: not a JSON Web Key Set: " + file + ": " + e.getMessage());
        }
        List<JWK> keys = set.toPublicJWKSet().getKeys().stream()
                .filter(k -> (k instanceof RSAKey || k instanceof ECKey) && k.getKeyUse() != KeyUse.ENCRYPTION)
                .toList();
        Set<JWSAlgorithm> algorithms = new LinkedHashSet<>();
        for (JWK key : keys) {
            algorithms.addAll(key instanceof ECKey ec ? ecAlgorithm("JWKS_FILE", ec.getCurve()) : JWSAlgorithm.Family.RSA);
        }
        if (algorithms.isEmpty()) {
            throw new InvalidConfigException("JWKS_FILE: no public RSA or EC signing key in " + file);
        }
        Set<JWSAlgorithm> allowed = Set.copyOf(algorithms);
        return new JwtKeys(new JWSVerificationKeySelector<>(allowed, new ImmutableJWKSet<>(new JWKSet(keys))), allowed);
    }

    private static String read(String setting, Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidConfigException(setting + ": cannot read " + file + ": " + e.getMessage());
        }
    }
}
