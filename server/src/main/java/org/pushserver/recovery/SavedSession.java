package org.pushserver.recovery;

/**
 * What a lost socket leaves behind for its client to take back: the room it was verified into (never more), and
 * what is needed to find the messages it missed.
 *
 * @param token          the token the socket was logged in as at its verified login
 * @param joinedAtMs     when it joined that token's room, ms since the epoch: a client that saw no message yet missed
 *                       everything since
 * @param ids            the socket took message ids in its payloads (it logged in with {@code lastMessageId})
 */
public record SavedSession(String token, long joinedAtMs, boolean ids) {
    public SavedSession {
        if (token == null || token.isEmpty()) {
            throw new IllegalArgumentException("token is required");
        }
    }
}
