package org.pushserver.cluster;

import org.pushserver.config.ClusterConfig;
import org.pushserver.delivery.Broadcaster;
import org.pushserver.delivery.LocalBroadcaster;
import org.pushserver.delivery.LocalSockets;
import org.pushserver.metrics.PushMetrics;

/** Placeholder until the cluster layer lands: refuses to start rather than pretend. */
public final class RedisBroadcaster {
    private RedisBroadcaster() {
    }

    public static Broadcaster connect(ClusterConfig config, LocalSockets sockets, PushMetrics metrics) {
        throw new UnsupportedOperationException("REDIS_URL is set but the cluster layer is not built yet");
    }
}
