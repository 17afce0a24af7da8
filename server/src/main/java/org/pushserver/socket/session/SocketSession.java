package org.pushserver.socket.session;

import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.Transport;
import com.corundumstudio.socketio.handler.ClientHead;
import com.corundumstudio.socketio.protocol.EngineIOVersion;
import com.corundumstudio.socketio.protocol.Packet;
import io.netty.channel.ChannelHandlerContext;
import org.pushserver.history.StoredMessage;
import org.pushserver.socket.engineio.EngineIo;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Everything this server keeps about one socket, in one object: netty-socketio's client and Engine.IO session, the
 * websocket context pushes write to (so a push makes no lookup per socket), the token it is logged in as, and its
 * login state. It lives in netty-socketio's per-session store, so it goes when the session goes: no map of ours
 * is keyed by session id.
 */
public final class SocketSession {
    private static final String KEY = "pushserver.session";
    private static final String EARLY_WEBSOCKET = "pushserver.websocket";

    private volatile SocketIOClient client;
    private final ClientHead head;
    private final SocketLogin login;
    private volatile ChannelHandlerContext webSocket;
    private volatile String token;
    private volatile Payload payload = Payload.PLAIN;
    private final CatchUp catchUp = new CatchUp();
    private volatile String pid;
    private volatile long joinedAtMs;
    private final AtomicReference<List<StoredMessage>> pendingReplay = new AtomicReference<>();
    private final ClientAcks acks = new ClientAcks();

    private SocketSession(SocketIOClient client, ClientHead head, SocketLogin login) {
        this.client = client;
        this.head = head;
        this.login = login;
    }

    /** Creates the session state of a socket that has just connected (once; later calls return the first). */
    public static SocketSession open(SocketIOClient client, int loginsPerMinute) {
        ClientHead head = EngineIo.head(client);
        if (head == null) {
            throw new IllegalArgumentException("not a netty-socketio client: " + client.getClass().getName());
        }
        synchronized (head) {
            SocketSession existing = head.getStore().get(KEY);
            if (existing != null) {
                existing.client = client; // a v4 CONNECT gives the session a new namespace client: send through it
                return existing;
            }
            SocketSession session = new SocketSession(client, head, new SocketLogin(loginsPerMinute, System.nanoTime()));
            session.webSocket = head.getStore().get(EARLY_WEBSOCKET);
            head.getStore().set(KEY, session);
            return session;
        }
    }

    /** The state of the socket on Engine.IO session {@code head}, or null before it connected. */
    public static SocketSession of(ClientHead head) {
        return head.getStore().get(KEY);
    }

    /** The state of {@code client}, or null before it connected. */
    public static SocketSession of(SocketIOClient client) {
        ClientHead head = EngineIo.head(client);
        return head == null ? null : head.getStore().get(KEY);
    }

    /** Records the websocket that the Engine.IO session {@code head} now uses. */
    static void webSocketOpened(ClientHead head, ChannelHandlerContext ctx) {
        synchronized (head) {
            SocketSession session = head.getStore().get(KEY);
            if (session != null) {
                session.webSocket = ctx;
            } else {
                head.getStore().set(EARLY_WEBSOCKET, ctx); // seen before the connect: picked up by open()
            }
        }
    }

    public UUID id() {
        return client.getSessionId();
    }

    public SocketIOClient client() {
        return client;
    }

    public SocketLogin login() {
        return login;
    }

    /** The token this socket is logged in as, or null. Written only by the rooms. */
    public String token() {
        return token;
    }

    /** Sets the token this socket is logged in as (null: none), and when it joined. Written only by the rooms. */
    public void token(String token) {
        this.token = token;
        this.joinedAtMs = System.currentTimeMillis();
    }

    /** When this socket joined its token's room, ms since the epoch. */
    public long joinedAtMs() {
        return joinedAtMs;
    }

    /** The private id under which this socket's session is saved for connection-state recovery, or null. */
    public String pid() {
        return pid;
    }

    public void pid(String pid) {
        this.pid = pid;
    }

    /** What a recovered socket missed, to be written once its CONNECT reply is out ({@link #takeReplay}). */
    public void replayAfterConnect(List<StoredMessage> missed) {
        pendingReplay.set(missed);
    }

    /** Whether this socket was just recovered and waits for its CONNECT reply to get what it missed. */
    public boolean recovering() {
        return pendingReplay.get() != null;
    }

    /** The messages to replay after the CONNECT reply, once; null when there are none. */
    public List<StoredMessage> takeReplay() {
        return pendingReplay.getAndSet(null);
    }

    /** The form this socket takes its pushes in. */
    public Payload payload() {
        return payload;
    }

    public void payload(Payload payload) {
        this.payload = payload;
    }

    /** What this socket has missed and is being sent before newer pushes (see {@link CatchUp}). */
    public CatchUp catchUp() {
        return catchUp;
    }

    /** The open websocket to write pushes to directly, or null while the session is on polling or closed. */
    public ChannelHandlerContext webSocket() {
        ChannelHandlerContext ctx = webSocket;
        return ctx != null && ctx.channel().isActive() && head.getCurrentTransport() == Transport.WEBSOCKET ? ctx : null;
    }

    /** Whether the session has opened a websocket (from its upgrade probe on), even if it still polls. */
    public boolean hasWebSocket() {
        ChannelHandlerContext ctx = webSocket;
        return ctx != null && ctx.channel().isActive();
    }

    /** Engine.IO version the client speaks. */
    public EngineIOVersion version() {
        return head.getEngineIOVersion();
    }

    public boolean polling() {
        return head.getCurrentTransport() == Transport.POLLING;
    }

    /** Packets queued for a polling client's next poll. */
    public int pollBacklog() {
        return head.getPacketsQueue(Transport.POLLING).size();
    }

    /**
     * Whether a packet sent now will reach the client. A polling client has no open channel between two polls, yet
     * its session lives and the packet is queued for its next poll; a websocket needs its channel.
     */
    public boolean reachable() {
        return polling() ? head.isConnected() : head.isChannelOpen();
    }

    /** Whether this socket acks each push ({@code "acks": true} at login), and what waits for its ack. */
    public ClientAcks acks() {
        return acks;
    }

    /**
     * Sends {@code packet}, a push of message {@code messageId}, with an ack id through netty-socketio; {@code acked}
     * runs once, when the client acks it. At most {@code maxUnacked} messages wait for this socket's ack.
     */
    public ClientAcks.Sent sendAcked(Packet packet, String messageId, int maxUnacked, Runnable acked) {
        ClientAcks.Sent sent = acks.send(client, head, packet, messageId, maxUnacked, acked);
        if (sent == ClientAcks.Sent.SENT) {
            sent();
        }
        return sent;
    }

    /** Sends {@code packet} through netty-socketio's queue and encoder. */
    public void send(Packet packet) {
        client.send(packet);
        sent();
    }

    /** {@link #sent()} for {@code client}, if it is connected. */
    public static void sent(SocketIOClient client) {
        SocketSession session = of(client);
        if (session != null) {
            session.sent();
        }
    }

    /** Call after anything was sent to this socket through netty-socketio (an ack, a packet): see {@link UpgradeRace}. */
    public void sent() {
        UpgradeRace.check(head, webSocket);
    }
}
