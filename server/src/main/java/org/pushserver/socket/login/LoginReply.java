package org.pushserver.socket.login;

import com.corundumstudio.socketio.SocketIOClient;
import org.pushserver.socket.engineio.EngineIo;

/**
 * How the outcome of one login attempt reaches the client, which depends on where the credential came from
 * ({@code user_login}, the CONNECT's auth payload, the handshake's {@code token} parameter). Called by
 * {@link LoginFlow} under the socket's login lock, on whatever thread completed the verdict.
 */
interface LoginReply {
    /** The socket is in {@code room}'s room. */
    void accepted(String room);

    /** The socket is in {@code room}'s room and opted in to resume: {@code resumed} says what it recovered. */
    default void accepted(String room, Resumed resumed) {
        accepted(room);
    }

    /** The attempt was refused for {@code reason}; an earlier accepted login, if any, still holds. */
    void refused(String reason);

    /** A later attempt started before this one's verdict came: that one decides. */
    void superseded();

    /** The socket made too many refused attempts: close it (after the refusal has been sent). */
    void disconnect();

    /**
     * Closes the session from the server's side: netty-socketio's namespace {@code disconnect()} only asks the client
     * to leave, and a client that ignores it would stay.
     */
    static void close(SocketIOClient client) {
        EngineIo.close(client);
    }
}
