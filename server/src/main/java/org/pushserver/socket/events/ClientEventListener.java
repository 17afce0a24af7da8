package org.pushserver.socket.events;

import com.corundumstudio.socketio.AckRequest;
import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.SocketIOServer;
import com.fasterxml.jackson.databind.JsonNode;
import org.pushserver.clientevents.ClientEvent;
import org.pushserver.clientevents.ClientEventForwarder;
import org.pushserver.clientevents.ClientEventOutcome;
import org.pushserver.clientevents.ClientEventResult;
import org.pushserver.limits.TokenBucket;
import org.pushserver.socket.session.SocketSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;

/**
 * netty-socketio's side of client events: a listener for each name in {@code CLIENT_EVENTS}, and one for every other
 * event the server does not handle (see {@link UnlistedEvents}). It refuses what the socket side can tell at once (not
 * on the list, not logged in, over {@code CLIENT_EVENTS_PER_SECOND}), hands the rest to the
 * {@link ClientEventForwarder} and acks the socket with the outcome when it comes, if the client asked for an ack.
 * It runs on the socket's event loop and never waits there. Each socket's rate is a {@link TokenBucket} in its own
 * session store, so it goes with the session.
 */
public final class ClientEventListener {
    private static final Logger log = LoggerFactory.getLogger(ClientEventListener.class);
    private static final String BUCKET = "pushserver.clientEvents.bucket";
    private static final int MAX_LOGGED_NAME = 64;

    private final Set<String> events;
    private final int perSecond;
    private final ClientEventForwarder forwarder;

    /** {@code events}: {@code CLIENT_EVENTS}; {@code perSecond}: {@code CLIENT_EVENTS_PER_SECOND}. */
    public ClientEventListener(Set<String> events, int perSecond, ClientEventForwarder forwarder) {
        this.events = Set.copyOf(events);
        this.perSecond = perSecond;
        this.forwarder = forwarder;
    }

    /** Registers the listeners on the default namespace. */
    public void register(SocketIOServer server) {
        for (String event : events) {
            server.addEventListener(event, JsonNode.class, (client, data, ack) -> received(client, event, data, ack));
        }
        server.addEventListener(UnlistedEvents.NAME, Object.class, (client, name, ack) -> {
            String shown = String.valueOf(name);
            log.debug("client event {} socket={}: not in CLIENT_EVENTS, refused",
                    shown.length() > MAX_LOGGED_NAME ? shown.substring(0, MAX_LOGGED_NAME) + "…" : shown, client.getSessionId());
            answer(client, ack, forwarder.refuse(ClientEventOutcome.NOT_ALLOWED));
        });
    }

    private void received(SocketIOClient client, String event, JsonNode data, AckRequest ack) {
        SocketSession session = SocketSession.of(client);
        String token = session == null ? null : session.token();
        if (token == null) {
            answer(client, ack, forwarder.refuse(ClientEventOutcome.NOT_LOGGED_IN));
            return;
        }
        if (!bucket(client, session).take(System.nanoTime())) {
            log.debug("client event {} socket={} token={}: over CLIENT_EVENTS_PER_SECOND, refused", event,
                    client.getSessionId(), token);
            answer(client, ack, forwarder.refuse(ClientEventOutcome.RATE_LIMITED));
            return;
        }
        forwarder.forward(new ClientEvent(token, client.getSessionId().toString(), event, data))
                .thenAccept(result -> answer(client, ack, result));
    }

    /** The socket's bucket, made at its first client event. */
    private TokenBucket bucket(SocketIOClient client, SocketSession session) {
        synchronized (session) { // a polling socket's POSTs may arrive on two event loops at once
            TokenBucket bucket = client.get(BUCKET);
            if (bucket == null) {
                bucket = new TokenBucket(perSecond, System.nanoTime());
                client.set(BUCKET, bucket);
            }
            return bucket;
        }
    }

    private static void answer(SocketIOClient client, AckRequest ack, ClientEventResult result) {
        if (ack.isAckRequested()) {
            ack.sendAckData(result.ack());
            SocketSession.sent(client);
        }
    }
}
