package org.pushserver.socket;

/** Socket.IO event names of the contract existing clients speak. */
public final class Events {
    /** Client → server: {@code {tokenId, userId, socketId}} or a bare token id. */
    public static final String USER_LOGIN = "user_login";
    /** Client → server: leave the token's room. */
    public static final String USER_LOGOUT = "user_logout";
    /** Server → client: {@code {entityType, data}}. */
    public static final String RECEIVE_MESSAGE = PushPackets.EVENT;

    private Events() {
    }
}
