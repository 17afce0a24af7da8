package org.pushserver.delivery;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The one seam where single-node and cluster differ (Socket.IO's "adapter"): it learns which tokens have sockets
 * here, delivers pushes to every socket of a token wherever it is, and answers presence.
 */
public interface Broadcaster extends PresenceListener, AutoCloseable {

    /** Sends {@code message} once to every socket of each token; tokens are distinct and normalised. */
    CompletableFuture<DeliveryReport> deliver(Collection<String> tokens, PushMessage message);

    /** Sends {@code message} once to every logged-in socket. */
    CompletableFuture<DeliveryReport> broadcast(PushMessage message);

    /** Sockets per token, for every token asked (0 when offline). */
    CompletableFuture<Map<String, Integer>> presence(Collection<String> tokens);

    /** What backs this broadcaster, for /health. */
    StoreStatus status();

    @Override
    void close();

    /**
     * Health of the shared store.
     *
     * @param mode {@code memory} or {@code redis}
     * @param up   whether the store answers
     */
    record StoreStatus(String mode, boolean up) {
    }
}
