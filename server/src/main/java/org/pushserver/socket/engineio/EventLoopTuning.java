package org.pushserver.socket.engineio;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;

/**
 * netty-socketio creates its event loops without letting us tune them. By default a loop spends at most as long on
 * queued tasks as on I/O; a push hands each loop one task that writes to all of that loop's sockets, so under load
 * those tasks waited behind rounds of I/O and the tail latency grew tenfold. Running every queued task after each
 * I/O round keeps a push's frames right behind it.
 */
public final class EventLoopTuning {
    private EventLoopTuning() {
    }

    /** Sets the group's I/O ratio to 100; returns whether the group was one this knows how to tune. */
    public static boolean runTasksAfterEveryIoRound(EventLoopGroup group) {
        if (group instanceof EpollEventLoopGroup epoll) {
            epoll.setIoRatio(100);
            return true;
        }
        if (group instanceof NioEventLoopGroup nio) {
            nio.setIoRatio(100);
            return true;
        }
        return false;
    }
}
