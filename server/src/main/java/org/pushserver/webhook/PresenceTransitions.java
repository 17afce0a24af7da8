package org.pushserver.webhook;

import org.pushserver.delivery.PresenceListener;

/**
 * Turns the rooms' joined/left calls into {@code token_online} and {@code token_offline}, exactly once per transition:
 * in memory on one node ({@link LocalPresenceTransitions}), in Redis for a cluster ({@code cluster.RedisPresenceTransitions}).
 */
public interface PresenceTransitions extends PresenceListener, AutoCloseable {
    /** One periodic step: due offline checks, and (cluster) pending writes and dead nodes. Called by {@link Webhooks}. */
    void tick();

    /** Stops; this node's sockets are handed over to the grace (cluster) or forgotten (one node). */
    @Override
    void close();
}
