package org.pushserver.socket.devices;

import com.corundumstudio.socketio.AckRequest;
import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.SocketIOServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.pushserver.mobile.DeviceParser;
import org.pushserver.mobile.DeviceRegistry;
import org.pushserver.mobile.InvalidDeviceException;
import org.pushserver.socket.Events;
import org.pushserver.socket.session.SocketSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code register_device}: a logged-in socket registers its own device ({@code {platform, deviceToken}} or
 * {@code {platform, subscription}}), for the token it is logged in as (verified, when logins are). The ack is
 * {@code {ok: true}} or {@code {ok: false, error}}; a socket not logged in is refused.
 */
public final class DeviceEvents {
    private static final Logger log = LoggerFactory.getLogger(DeviceEvents.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final DeviceParser parser;
    private final DeviceRegistry registry;

    public DeviceEvents(DeviceParser parser, DeviceRegistry registry) {
        this.parser = parser;
        this.registry = registry;
    }

    /** Registers the listener on the default namespace. */
    public void register(SocketIOServer server) {
        server.addEventListener(Events.REGISTER_DEVICE, Object.class, this::registerDevice);
    }

    private void registerDevice(SocketIOClient client, Object data, AckRequest ack) {
        SocketSession socket = SocketSession.of(client);
        String token = socket == null ? null : socket.token();
        if (token == null) {
            answer(client, ack, "not logged in: emit user_login first");
            return;
        }
        JsonNode body;
        try {
            body = MAPPER.valueToTree(data);
        } catch (IllegalArgumentException e) {
            body = null;
        }
        if (body == null || !body.isObject()) {
            answer(client, ack, "the event's data must be an object {platform, deviceToken} or {platform, subscription}");
            return;
        }
        try {
            registry.register(parser.device(token, body)).whenComplete((done, e) -> {
                if (e != null) {
                    log.warn("register_device socket={} token={}: registry unreachable", client.getSessionId(), token);
                }
                answer(client, ack, e == null ? null : "the device registry is unreachable: try again");
            });
        } catch (InvalidDeviceException e) {
            log.debug("register_device socket={} token={} refused: {}", client.getSessionId(), token, e.getMessage());
            answer(client, ack, e.getMessage());
        }
    }

    private static void answer(SocketIOClient client, AckRequest ack, String error) {
        if (!ack.isAckRequested()) {
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ok", error == null);
        if (error != null) {
            body.put("error", error);
        }
        ack.sendAckData(body);
        SocketSession.sent(client);
    }
}
