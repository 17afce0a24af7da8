package org.pushserver.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Google's OAuth2 token endpoint for a service account (the JWT-bearer grant), as {@link FcmServer} serves it: the
 * assertion must be RS256-signed by the account's key, with {@code iss} = the account, {@code aud} = Google's token
 * URL (google-auth-library puts it there whatever the {@code token_uri}) or this endpoint's, the wanted scope, and
 * {@code exp} in the future and at most an hour after {@code iat}. It answers a bearer token valid for an hour, or
 * {@code 400 invalid_grant} saying what was wrong.
 */
final class OAuthTokenEndpoint {
    private static final String GOOGLE_TOKEN_URI = "https://oauth2.googleapis.com/token";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RSAPublicKey accountKey;
    private final String account;
    private final String scope;
    private final String uri;
    private final AtomicInteger requests = new AtomicInteger();
    private final Queue<String> refused = new ConcurrentLinkedQueue<>();
    private final Set<String> issued = ConcurrentHashMap.newKeySet();

    OAuthTokenEndpoint(RSAPublicKey accountKey, String account, String scope, String uri) {
        this.accountKey = accountKey;
        this.account = account;
        this.scope = scope;
        this.uri = uri;
    }

    void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            int n = requests.incrementAndGet();
            String problem = problem(form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            if (problem != null) {
                refused.add(problem);
                new FcmAnswer(400, JSON.createObjectNode().put("error", "invalid_grant")
                        .put("error_description", problem).toString(), Map.of()).writeTo(exchange);
                return;
            }
            String token = "ya29.test-" + n;
            issued.add(token);
            new FcmAnswer(200, JSON.createObjectNode().put("access_token", token).put("expires_in", 3600)
                    .put("token_type", "Bearer").toString(), Map.of()).writeTo(exchange);
        }
    }

    /** What is wrong with the token request, or null. */
    private String problem(Map<String, String> form) {
        if (!"urn:ietf:params:oauth:grant-type:jwt-bearer".equals(form.get("grant_type"))) {
            return "grant_type " + form.get("grant_type");
        }
        try {
            SignedJWT jwt = SignedJWT.parse(form.getOrDefault("assertion", ""));
            if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(new RSASSAVerifier(accountKey))) {
                return "signature";
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            Instant iat = claims.getIssueTime().toInstant();
            Instant exp = claims.getExpirationTime().toInstant();
            if (!account.equals(claims.getIssuer()) || claims.getAudience().size() != 1
                    || !Set.of(GOOGLE_TOKEN_URI, uri).contains(claims.getAudience().get(0))
                    || !String.valueOf(claims.getClaim("scope")).contains(scope)
                    || exp.isBefore(Instant.now()) || exp.isAfter(iat.plusSeconds(3600))) {
                return "claims " + claims.toJSONObject();
            }
            return null;
        } catch (Exception e) {
            return "assertion: " + e;
        }
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    /** Whether {@code bearer} is a token this endpoint issued. */
    boolean issued(String bearer) {
        return issued.contains(bearer);
    }

    int requests() {
        return requests.get();
    }

    List<String> refused() {
        return List.copyOf(refused);
    }
}
