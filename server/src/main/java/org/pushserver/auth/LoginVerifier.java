package org.pushserver.auth;

import java.util.concurrent.CompletableFuture;

/**
 * Decides whether the credential a socket presents ({@code user_login}'s {@code tokenId}, the {@code auth} payload of a
 * v3/v4 CONNECT, or a v2 client's {@code token} query parameter) may log in, and which room it names. Implementations
 * must never block the calling thread (a Netty event loop): slow checks complete the future later.
 */
public interface LoginVerifier {
    /** The verdict for {@code credential} (never null, never blank). */
    CompletableFuture<LoginVerdict> verify(String credential);
}
