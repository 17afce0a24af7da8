package org.pushserver.socket;

/** Socket.IO event names of the contract existing clients speak. */
public final class Events {
    /** Client → server: {@code {tokenId, userId, socketId}} or a bare token id. */
    public static final String USER_LOGIN = "user_login";
    /** Client → server: leave the token's room. */
    public static final String USER_LOGOUT = "user_logout";
    /** Client → server: register this socket's device ({@code {platform, deviceToken}} or {@code {platform, subscription}}), with an ack. */
    public static final String REGISTER_DEVICE = "register_device";
    /** Server → client: {@code {entityType, data}} (encoded once per push by {@link PushPackets}). */
    public static final String RECEIVE_MESSAGE = "receive_message";
    /** Server → client: {@code {error}}, a refused login that had no ack to answer it. */
    public static final String LOGIN_ERROR = "login_error";

    private Events() {
    }
}
