package org.pushserver.socket.guard;

import com.corundumstudio.socketio.AuthorizationListener;
import com.corundumstudio.socketio.AuthorizationResult;
import com.corundumstudio.socketio.HandshakeData;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * netty-socketio takes one authorization listener: this one asks each check in turn (the cheap ones first), refuses
 * the Engine.IO handshake at the first refusal, and hands the new session what every check stored for it.
 */
public final class HandshakeChecks implements AuthorizationListener {
    private final List<AuthorizationListener> checks;

    public HandshakeChecks(AuthorizationListener... checks) {
        this.checks = List.of(checks);
    }

    @Override
    public AuthorizationResult getAuthorizationResult(HandshakeData data) {
        Map<String, Object> stored = new HashMap<>();
        for (AuthorizationListener check : checks) {
            AuthorizationResult result = check.getAuthorizationResult(data);
            if (!result.isAuthorized()) {
                return AuthorizationResult.FAILED_AUTHORIZATION;
            }
            stored.putAll(result.getStoreParams());
        }
        return stored.isEmpty() ? AuthorizationResult.SUCCESSFUL_AUTHORIZATION : new AuthorizationResult(true, stored);
    }
}
