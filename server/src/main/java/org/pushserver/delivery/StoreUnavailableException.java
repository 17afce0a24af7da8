package org.pushserver.delivery;

/**
 * The shared store a {@link Broadcaster} needs for an answer did not answer, so no honest answer can be given
 * (e.g. presence across the cluster while Redis is down). Defined here, not in the HTTP layer, so that
 * broadcasters do not depend on how the API reports it; the API maps it to 503 {@code cluster_unavailable}.
 */
public final class StoreUnavailableException extends RuntimeException {
    public StoreUnavailableException(String message) {
        super(message);
    }
}
