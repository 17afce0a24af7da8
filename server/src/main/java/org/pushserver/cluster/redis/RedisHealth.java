package org.pushserver.cluster.redis;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Whether this node believes Redis answers, and whether the node is leaving. Every part of the cluster layer reads
 * it to fail fast instead of waiting on a Redis that is known to be down; any failed call flips it to down, the next
 * successful heartbeat flips it back up. Logs only the transitions, so an outage is two lines, not one per call.
 */
public final class RedisHealth {
    private static final Logger log = LoggerFactory.getLogger(RedisHealth.class);

    private final String nodeId;
    private volatile boolean up;
    private volatile boolean closed;

    public RedisHealth(String nodeId) {
        this.nodeId = nodeId;
    }

    public boolean up() {
        return up;
    }

    public boolean closed() {
        return closed;
    }

    /** True when requests may go to Redis now. */
    public boolean usable() {
        return up && !closed;
    }

    public void markClosed() {
        closed = true;
    }

    /** A heartbeat got through; returns true when Redis was down (or not yet reached) until now. */
    public boolean markUp() {
        if (!up) {
            up = true;
            log.info("cluster node {}: redis answers", nodeId);
            return true;
        }
        return false;
    }

    /** A Redis call failed: until the next heartbeat succeeds, cross-node work fails fast. */
    public void down(String what, Throwable e) {
        if (closed) {
            return;
        }
        if (up) {
            up = false;
            log.warn("cluster node {}: redis unreachable ({} failed: {}); serving local sockets only until it answers",
                    nodeId, what, reason(e));
        }
    }

    /** A short, one-line reason for logs and reports: the root cause without the future wrappers. */
    public static String reason(Throwable e) {
        Throwable c = e;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        if (c instanceof TimeoutException) {
            return "timed out";
        }
        String m = c.getMessage();
        return c.getClass().getSimpleName() + (m == null ? "" : ": " + (m.length() > 200 ? m.substring(0, 200) + "…" : m));
    }
}
