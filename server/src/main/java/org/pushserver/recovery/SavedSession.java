package org.pushserver.recovery;

/**
 * What a lost socket leaves behind for its client to take back: the room it was verified into (never more), and
 * what is needed to find the messages it missed.
 *
 * @param token          the token the socket was logged in as at its verified login
 * @param joinedAtMs     when it joined that token's room, ms since the epoch: a client that saw no message yet missed
 *                       everything since
 */
public record SavedSession(String token, long joinedAtMs) {
    public SavedSession {
        if (token == null || token.isEmpty()) {
            throw new IllegalArgumentException("token is required");
        }
    }
}
