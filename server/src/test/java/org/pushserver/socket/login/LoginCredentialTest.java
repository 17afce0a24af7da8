package org.pushserver.socket.login;

import org.junit.jupiter.api.Test;
import org.pushserver.auth.LoginVerdict;
import org.pushserver.auth.TrustedLogin;
import org.pushserver.delivery.Token;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where each way of logging in carries its credential. */
class LoginCredentialTest {
    @Test
    void userLoginTakesTokenIdOrTheBareValue() {
        assertEquals("u-1", LoginCredential.ofLogin(Map.of("tokenId", "u-1", "userId", 3)));
        assertEquals("u-1", LoginCredential.ofLogin(" u-1 "));
        assertEquals("17", LoginCredential.ofLogin(17));
        assertEquals("17", LoginCredential.ofLogin(Map.of("tokenId", 17.0)));
        String longJwt = "e".repeat(2000);
        assertEquals(longJwt, LoginCredential.ofLogin(Map.of("tokenId", longJwt)), "a JWT is longer than a token id may be");
    }

    @Test
    void userLoginWithoutAUsableValueHasNoCredential() {
        assertNull(LoginCredential.ofLogin(Map.of("userId", 1)));
        assertNull(LoginCredential.ofLogin(Map.of("tokenId", "  ")));
        assertNull(LoginCredential.ofLogin(Map.of("tokenId", 1.5)));
        assertNull(LoginCredential.ofLogin(Map.of("tokenId", Map.of("tokenId", "x"))));
        assertNull(LoginCredential.ofLogin(List.of("x")));
        assertNull(LoginCredential.ofLogin(null));
    }

    @Test
    void aLoginAndAPushWithTheSameRawTokenNameTheSameRoom() {
        TrustedLogin login = new TrustedLogin();
        for (String raw : List.of(" u-17 ", "\u00a0u-17\u2003", "\u3000u-17\t", "\u0000u-17\u0085", "u-17",
                "u-17\nforged", "\u2003", "x".repeat(Token.MAX_LENGTH + 1))) {
            String credential = LoginCredential.ofLogin(Map.of("tokenId", raw));
            LoginVerdict verdict = credential == null ? null : login.verify(credential).join();
            String room = verdict != null && verdict.isAccepted() ? verdict.room() : null;
            assertEquals(Token.normalize(raw).orElse(null), room, "login and push disagree on " + raw.codePoints().boxed().toList());
        }
    }

    @Test
    void aConnectAuthPayloadOffersTokenOrTokenId() {
        assertEquals("jwt", LoginCredential.ofAuth(Map.of("token", "jwt")));
        assertEquals("jwt", LoginCredential.ofAuth(Map.of("tokenId", "jwt")));
        assertTrue(LoginCredential.offered(Map.of("token", 5)));
        assertFalse(LoginCredential.offered(Map.of("pid", "x")), "other auth data: log in later with user_login");
        assertFalse(LoginCredential.offered("jwt"));
        assertNull(LoginCredential.ofAuth(Map.of("token", List.of())), "offered but unusable: refused");
    }
}
