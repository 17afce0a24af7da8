package org.pushserver.socket.engineio;

import com.corundumstudio.socketio.handler.ClientHead;
import com.corundumstudio.socketio.protocol.EngineIOVersion;
import com.corundumstudio.socketio.protocol.Packet;
import com.corundumstudio.socketio.protocol.PacketType;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The Engine.IO v4 heartbeat as the Node server runs it, in every state of a session (before its CONNECT, after its
 * sockets left, after a refused CONNECT): a ping {@code pingInterval} after the handshake and after each pong, and
 * the session closed when no pong follows within {@code pingTimeout}, so it closes exactly {@code pingInterval +
 * pingTimeout} after its last pong. Also closes a session that has connected no namespace within
 * {@code CONNECT_TIMEOUT_MS}, as socket.io does. netty-socketio's own pings (cancelled here for v4 sessions) ran on a
 * 100 ms timer wheel regardless of pongs, its timeout was reset by any packet, and it forgot a session once its last
 * socket left, which then stayed open for ever. This runs on the event loop that opened the session; the state lives
 * in the session's store, so it goes with the session.
 */
public final class Heartbeat {
    private static final String KEY = "pushserver.heartbeat";

    private final Sessions sessions;
    private final long intervalNanos;
    private final long timeoutNanos;
    private final long connectTimeoutNanos;

    public Heartbeat(Sessions sessions, Duration pingInterval, Duration pingTimeout, Duration connectTimeout) {
        this.sessions = sessions;
        this.intervalNanos = pingInterval.toNanos();
        this.timeoutNanos = pingTimeout.toNanos();
        this.connectTimeoutNanos = connectTimeout.toNanos();
    }

    /** Takes over the heartbeat of a v4 session whose open packet is being sent now, on {@code loop}. */
    void opened(ClientHead head, EventExecutor loop) {
        head.cancelPing(); // netty-socketio scheduled its own before sending the open packet
        Beat beat = new Beat(head, loop);
        head.getStore().set(KEY, beat);
        loop.schedule(beat::ping, intervalNanos, TimeUnit.NANOSECONDS);
        // Cancelled once it no longer applies: the task holds the session, which would otherwise outlive its close by
        // CONNECT_TIMEOUT_MS (~2 KB per handshake, 23 MB after 10,000 handshakes in HeapBoundsIT).
        beat.connectTimer = loop.schedule(() -> {
            if (!beat.connected) {
                sessions.close(head, "no CONNECT within the connect timeout");
            }
        }, connectTimeoutNanos, TimeUnit.NANOSECONDS);
    }

    /** A pong arrived: the next ping goes out {@code pingInterval} from now. Pongs no ping asked for change nothing. */
    void pong(ClientHead head) {
        Beat beat = head.getStore().get(KEY);
        if (beat != null && beat.awaitingPong.compareAndSet(true, false)) {
            beat.loop.schedule(beat::ping, intervalNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** The session has connected a namespace: the connect timeout no longer applies. */
    void connected(ClientHead head) {
        Beat beat = head.getStore().get(KEY);
        if (beat != null) {
            beat.connected = true;
            beat.stopConnectTimer();
        }
    }

    private final class Beat {
        private final ClientHead head;
        private final EventExecutor loop;
        private final AtomicBoolean awaitingPong = new AtomicBoolean();
        private volatile boolean connected;
        private long pings;
        private volatile Future<?> connectTimer;

        Beat(ClientHead head, EventExecutor loop) {
            this.head = head;
            this.loop = loop;
        }

        void ping() {
            if (!head.isConnected()) { // its sockets left (or it closed): end it, its connection too
                sessions.close(head, "no socket left");
                stopConnectTimer();
                return;
            }
            long ping = ++pings;
            awaitingPong.set(true);
            head.send(new Packet(PacketType.PING, EngineIOVersion.V4));
            loop.schedule(() -> {
                if (pings == ping && awaitingPong.get()) {
                    sessions.close(head, "no pong within the ping timeout");
                    stopConnectTimer();
                }
            }, timeoutNanos, TimeUnit.NANOSECONDS);
        }

        void stopConnectTimer() {
            Future<?> timer = connectTimer;
            if (timer != null) {
                timer.cancel(false);
            }
        }
    }
}
