package org.pushserver.auth;

import org.pushserver.delivery.Token;

import java.util.concurrent.CompletableFuture;

/**
 * {@code LOGIN_AUTH=none}: the credential is the token id itself, trusted as sent (the Node server's behaviour).
 * Anyone who knows or guesses a token id can read that user's pushes; {@code PushServer} warns about it at start.
 */
public final class TrustedLogin implements LoginVerifier {
    @Override
    public CompletableFuture<LoginVerdict> verify(String credential) {
        return CompletableFuture.completedFuture(Token.normalize(credential)
                .map(LoginVerdict::accepted)
                .orElseGet(LoginRefusal.BAD_TOKEN_ID::verdict));
    }
}
