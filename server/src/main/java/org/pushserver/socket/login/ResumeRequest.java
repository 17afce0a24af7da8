package org.pushserver.socket.login;

import java.util.Map;

/**
 * What a {@code user_login} payload asks beyond the login itself: {@code lastMessageId} (present, even null, means the
 * socket takes message ids and wants what it missed after that id) and {@code acks} (it acknowledges each message).
 *
 * @param optedIn       the payload has the {@code lastMessageId} key
 * @param lastMessageId the last id the client saw, or null
 * @param problem       why {@code lastMessageId} cannot be used (wrong type, too long), or null
 * @param acks          the socket acknowledges each {@code receive_message}
 */
record ResumeRequest(boolean optedIn, String lastMessageId, String problem, boolean acks) {
    /** Longest id we give out, with room to spare: anything longer is not ours. */
    private static final int MAX_ID_LENGTH = 64;
    static final ResumeRequest NONE = new ResumeRequest(false, null, null, false);

    /** The request in {@code payload} ({@code {tokenId, lastMessageId?, acks?}}); {@link #NONE} for a bare token. */
    static ResumeRequest of(Object payload) {
        if (!(payload instanceof Map<?, ?> map)) {
            return NONE;
        }
        boolean acks = Boolean.TRUE.equals(map.get("acks"));
        if (!map.containsKey("lastMessageId")) {
            return acks ? new ResumeRequest(false, null, null, true) : NONE;
        }
        Object id = map.get("lastMessageId");
        if (id == null) {
            return new ResumeRequest(true, null, null, acks);
        }
        if (!(id instanceof String text)) {
            return new ResumeRequest(true, null, "lastMessageId must be a string or null", acks);
        }
        if (text.isEmpty() || text.length() > MAX_ID_LENGTH) {
            return new ResumeRequest(true, null, "lastMessageId is not a message id", acks);
        }
        return new ResumeRequest(true, text, null, acks);
    }
}
