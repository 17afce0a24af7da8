package org.pushserver.socket.engineio;

import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.HandshakeData;
import com.corundumstudio.socketio.Transport;
import com.corundumstudio.socketio.ack.AckManager;
import com.corundumstudio.socketio.handler.ClientHead;
import com.corundumstudio.socketio.handler.ClientsBox;
import com.corundumstudio.socketio.messages.PacketsMessage;
import com.corundumstudio.socketio.namespace.Namespace;
import com.corundumstudio.socketio.namespace.NamespacesHub;
import com.corundumstudio.socketio.scheduler.HashedWheelTimeoutScheduler;
import com.corundumstudio.socketio.store.MemoryStoreFactory;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Real netty-socketio sessions for handler unit tests, built the way its {@code AuthorizeHandler} builds them at a
 * handshake (no channel bound: what a session sends waits in its queue). One per test class, closed after it: it
 * holds netty-socketio's timer.
 */
public final class TestSessions implements AutoCloseable {
    private final Configuration configuration = new Configuration();
    private final HashedWheelTimeoutScheduler scheduler = new HashedWheelTimeoutScheduler();
    private final AckManager ackManager = new AckManager(scheduler);
    private final ClientsBox clientsBox = new ClientsBox();
    private final MemoryStoreFactory stores = new MemoryStoreFactory();
    private final Namespace namespace = new NamespacesHub(configuration).create(Namespace.DEFAULT_NAME);

    /** A session of Engine.IO version {@code eio} ("3" or "4") on polling, not yet in any namespace. */
    public ClientHead session(String eio) {
        Map<String, List<String>> params = Map.of("EIO", List.of(eio), "transport", List.of("polling"));
        HandshakeData handshake = new HandshakeData(new DefaultHttpHeaders(), params,
                new InetSocketAddress("127.0.0.1", 40000), "/socket.io/?EIO=" + eio + "&transport=polling", false);
        return new ClientHead(UUID.randomUUID(), ackManager, client -> { }, stores, handshake, clientsBox, Transport.POLLING,
                scheduler, configuration, params);
    }

    /** The default namespace ("/"), as a CONNECT joins it. */
    public Namespace namespace() {
        return namespace;
    }

    /** What a transport hands to the packet handler: {@code text} as one payload of {@code session}. */
    public static PacketsMessage payload(ClientHead session, String text) {
        return new PacketsMessage(session, Unpooled.copiedBuffer(text, StandardCharsets.UTF_8), Transport.POLLING);
    }

    @Override
    public void close() {
        scheduler.shutdown();
    }
}
