package org.pushserver.delivery;

import java.util.Collection;
import java.util.Set;

/** The sockets logged in on this node, grouped by token: what every broadcaster delivers to in the end. */
public interface LocalSockets {

    /**
     * Writes {@code message} once to every local socket of the given tokens.
     *
     * @param online called once for each token that had at least one socket here
     * @return the number of sockets written to
     */
    int send(Collection<String> tokens, PushMessage message, Online online);

    /** Writes {@code message} once to every logged-in local socket; returns how many. */
    int sendToAll(PushMessage message);

    /** Sockets of {@code token} on this node. */
    int count(String token);

    /** Tokens with at least one socket on this node. */
    Set<String> tokens();

    /** Logged-in sockets on this node. */
    int loggedInSockets();

    /** Hears of each token a send found sockets for. */
    @FunctionalInterface
    interface Online {
        /**
         * {@code token} had at least one socket here; {@code awaitingAck}: every one of them acks (logged in with
         * {@code "acks": true}), so the message is not delivered to the token until an ack arrives.
         */
        void reached(String token, boolean awaitingAck);
    }
}
