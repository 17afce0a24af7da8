package org.pushserver.socket.engineio;

import com.corundumstudio.socketio.handler.ClientHead;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Closes an Engine.IO v4 session whose pongs stop, exactly {@code pingInterval + pingTimeout} after the last one (or
 * after the handshake), in every state: before its CONNECT, after its sockets left, after a refused CONNECT. It
 * also closes a session that has not connected a namespace within {@code CONNECT_TIMEOUT_MS}, as socket.io does.
 * netty-socketio's own timeout runs on a 100 ms timer wheel (late by up to a tick), is reset by any packet rather
 * than by pongs, and forgets a session once its last socket leaves, which then stayed open for ever; this one runs on
 * the event loop that opened the session and holds the session itself. netty-socketio still sends the pings.
 * The state lives in the session's store, so it goes with the session.
 */
public final class Heartbeat {
    private static final String KEY = "pushserver.heartbeat";

    private final Sessions sessions;
    private final long windowNanos;
    private final long connectTimeoutNanos;

    public Heartbeat(Sessions sessions, Duration pingInterval, Duration pingTimeout, Duration connectTimeout) {
        this.sessions = sessions;
        this.windowNanos = pingInterval.plus(pingTimeout).toNanos();
        this.connectTimeoutNanos = connectTimeout.toNanos();
    }

    /** Starts watching a v4 session whose open packet is being sent now, on {@code loop}. */
    void opened(ClientHead head, EventExecutor loop) {
        Beat beat = new Beat(head, loop, System.nanoTime());
        head.getStore().set(KEY, beat);
        loop.schedule(beat::check, windowNanos, TimeUnit.NANOSECONDS);
        // Cancelled once it no longer applies (connected, or the heartbeat ended): the task holds the session, which
        // would otherwise outlive its close by CONNECT_TIMEOUT_MS (~2 KB per handshake; 23 MB after 10,000 in HeapBoundsIT).
        beat.connectTimer = loop.schedule(() -> {
            if (!beat.connected) {
                sessions.close(head);
            }
        }, connectTimeoutNanos, TimeUnit.NANOSECONDS);
    }

    /** A pong arrived: the session has another {@code pingInterval + pingTimeout}. */
    void pong(ClientHead head) {
        Beat beat = head.getStore().get(KEY);
        if (beat != null) {
            beat.lastPong = System.nanoTime();
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
        private volatile long lastPong;
        private volatile boolean connected;
        private volatile Future<?> connectTimer;

        Beat(ClientHead head, EventExecutor loop, long opened) {
            this.head = head;
            this.loop = loop;
            this.lastPong = opened;
        }

        void check() {
            long left = lastPong + windowNanos - System.nanoTime();
            if (left > 0) {
                loop.schedule(this::check, left, TimeUnit.NANOSECONDS);
            } else {
                sessions.close(head); // nothing to do for a session closed otherwise
                stopConnectTimer();
            }
        }

        void stopConnectTimer() {
            Future<?> timer = connectTimer;
            if (timer != null) {
                timer.cancel(false);
            }
        }
    }
}
