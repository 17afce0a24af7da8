package org.pushserver.socket.guard;

import com.corundumstudio.socketio.AuthorizationListener;
import com.corundumstudio.socketio.AuthorizationResult;
import com.corundumstudio.socketio.HandshakeData;
import org.pushserver.api.Cors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses the Engine.IO handshake of a browser page whose origin is not allowed; netty-socketio itself can only
 * allow one origin or echo any.
 */
public final class OriginCheck implements AuthorizationListener {
    private static final Logger log = LoggerFactory.getLogger(OriginCheck.class);
    private final Cors cors;

    public OriginCheck(Cors cors) {
        this.cors = cors;
    }

    @Override
    public AuthorizationResult getAuthorizationResult(HandshakeData data) {
        String origin = data.getHttpHeaders().get("Origin");
        if (cors.allows(origin)) {
            return AuthorizationResult.SUCCESSFUL_AUTHORIZATION;
        }
        log.info("refused handshake from origin {}", origin);
        return AuthorizationResult.FAILED_AUTHORIZATION;
    }
}
