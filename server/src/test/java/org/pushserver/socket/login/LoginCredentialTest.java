package org.pushserver.socket.login;

import org.junit.jupiter.api.Test;

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
    void aConnectAuthPayloadOffersTokenOrTokenId() {
        assertEquals("jwt", LoginCredential.ofAuth(Map.of("token", "jwt")));
        assertEquals("jwt", LoginCredential.ofAuth(Map.of("tokenId", "jwt")));
        assertTrue(LoginCredential.offered(Map.of("token", 5)));
        assertFalse(LoginCredential.offered(Map.of("pid", "x")), "other auth data: log in later with user_login");
        assertFalse(LoginCredential.offered("jwt"));
        assertNull(LoginCredential.ofAuth(Map.of("token", List.of())), "offered but unusable: refused");
    }
}
