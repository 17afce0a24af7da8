package org.pushserver.recovery;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Sessions of sockets whose transport was lost, kept for {@code RECOVERY_WINDOW_MS} under their private id ({@code pid}):
 * in memory on one node ({@link InMemorySavedSessions}), in Redis in a cluster, so a client can come back through any
 * node. A pid is single-use: {@link #take} removes what it finds.
 */
public interface SavedSessions {

    /** Keeps {@code session} under {@code pid} until the recovery window has passed. */
    void save(String pid, SavedSession session);

    /** Removes and returns the session saved under {@code pid}, if it is there and its window has not passed. */
    CompletableFuture<Optional<SavedSession>> take(String pid);
}
