package org.pushserver.socket.login;

import org.pushserver.delivery.Token;

import java.util.Map;

/** Where each way of logging in carries its credential, as the one string a {@code LoginVerifier} checks. */
final class LoginCredential {
    private LoginCredential() {
    }

    /** {@code user_login}'s payload: {@code {tokenId: ...}}, or the bare value; null when none is usable. */
    static String ofLogin(Object payload) {
        return text(payload instanceof Map<?, ?> map ? map.get("tokenId") : payload);
    }

    /** A v3/v4 CONNECT's auth payload: {@code {token: ...}} or {@code {tokenId: ...}}; null when it carries neither. */
    static String ofAuth(Object auth) {
        if (!(auth instanceof Map<?, ?> map)) {
            return null;
        }
        Object value = map.get("token") != null ? map.get("token") : map.get("tokenId");
        return text(value);
    }

    /** True when a CONNECT's auth payload offers a credential at all (a client may send other auth data and log in later). */
    static boolean offered(Object auth) {
        return auth instanceof Map<?, ?> map && (map.get("token") != null || map.get("tokenId") != null);
    }

    /** A string trimmed by {@link Token#trim} (a JWT has no length limit here), an integral number as its digits; else null. */
    private static String text(Object value) {
        if (value instanceof String s) {
            String trimmed = Token.trim(s);
            return trimmed.isEmpty() ? null : trimmed;
        }
        return value instanceof Number ? Token.normalize(value).orElse(null) : null;
    }
}
