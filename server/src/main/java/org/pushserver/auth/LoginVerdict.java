package org.pushserver.auth;

/**
 * The outcome of a login check: the room the socket may join, or why it may not.
 *
 * @param room   the token room to join; null when refused
 * @param reason why the login was refused, safe to show the client; null when accepted
 */
public record LoginVerdict(String room, String reason) {
    public static LoginVerdict accepted(String room) {
        return new LoginVerdict(room, null);
    }

    public static LoginVerdict refused(String reason) {
        return new LoginVerdict(null, reason);
    }

    public boolean isAccepted() {
        return room != null;
    }
}
