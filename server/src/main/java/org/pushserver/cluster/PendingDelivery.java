package org.pushserver.cluster;

import org.pushserver.delivery.DeliveryReport;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * One push or broadcast in flight across the cluster: starts from this node's own report, waits for the report of
 * every node it was sent to, and completes once all answered, or at the deadline with what it has. Tokens whose
 * only holders did not answer (and that were not reached elsewhere) are {@code undetermined}. Thread-safe.
 */
final class PendingDelivery {
    private final List<String> tokens;
    private final CompletableFuture<DeliveryReport> result = new CompletableFuture<>();
    private final Set<String> online = new LinkedHashSet<>();
    /** Tokens written to a socket without acks on some node: delivered, whatever other nodes await. */
    private final Set<String> written = new LinkedHashSet<>();
    private final Map<String, List<String>> awaited = new LinkedHashMap<>();
    private final Set<String> undetermined = new LinkedHashSet<>();
    private final Set<String> failedNodes = new TreeSet<>();
    private int sockets;
    private String error;
    private boolean sent;

    /** @param tokens the push's tokens (empty for a broadcast); {@code local} is this node's report for them */
    PendingDelivery(Collection<String> tokens, DeliveryReport local) {
        this.tokens = List.copyOf(tokens);
        this.sockets = local.sockets();
        add(local.online(), local.awaitingAck());
    }

    private void add(Collection<String> nodeOnline, Collection<String> nodeAwaiting) {
        online.addAll(nodeOnline);
        for (String token : nodeOnline) {
            if (nodeAwaiting == null || !nodeAwaiting.contains(token)) {
                written.add(token);
            }
        }
    }

    CompletableFuture<DeliveryReport> result() {
        return result;
    }

    /** The request goes to these nodes, each for these tokens; completes at once when there are none. */
    synchronized void expect(Map<String, List<String>> tokensByNode) {
        awaited.putAll(tokensByNode);
        sent = true;
        completeIfDone();
    }

    /**
     * A node's report arrived: its sockets, online tokens, and those of them it reached only through sockets that ack
     * (null: none). Reports from nodes not awaited (late, or duplicates) are ignored.
     */
    synchronized void reported(String node, int nodeSockets, Collection<String> nodeOnline, Collection<String> nodeAwaiting) {
        if (awaited.remove(node) == null) {
            return;
        }
        sockets += nodeSockets;
        if (nodeOnline != null) {
            add(nodeOnline, nodeAwaiting);
        }
        completeIfDone();
    }

    /** The request could not reach {@code node}. */
    synchronized void nodeFailed(String node, String why) {
        List<String> lost = awaited.remove(node);
        if (lost == null) {
            return;
        }
        failedNodes.add(node);
        undetermined.addAll(lost);
        error = error != null ? error : why;
        completeIfDone();
    }

    /** The cluster could not be asked at all: every token not reached here is undetermined. */
    synchronized void storeFailed(String why) {
        if (result.isDone()) {
            return;
        }
        undetermined.addAll(tokens);
        error = why;
        awaited.clear();
        sent = true;
        completeIfDone();
    }

    /** The deadline passed: whoever has not answered is counted as failed. */
    synchronized void expire(long timeoutMillis) {
        if (result.isDone()) {
            return;
        }
        if (!sent) {
            storeFailed("redis did not answer within " + timeoutMillis + " ms");
            return;
        }
        for (String node : new ArrayList<>(awaited.keySet())) {
            nodeFailed(node, "node " + node + " did not answer within " + timeoutMillis + " ms");
        }
    }

    /** Nodes that did not answer, for logs. */
    synchronized Set<String> failedNodes() {
        return Set.copyOf(failedNodes);
    }

    private void completeIfDone() {
        if (!sent || !awaited.isEmpty() || result.isDone()) {
            return;
        }
        List<String> on = new ArrayList<>();
        List<String> off = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        List<String> awaitingAck = new ArrayList<>(0);
        for (String token : tokens) {
            if (online.contains(token)) {
                on.add(token);
                if (!written.contains(token)) {
                    awaitingAck.add(token);
                }
            } else if (undetermined.contains(token)) {
                unknown.add(token);
            } else {
                off.add(token);
            }
        }
        result.complete(new DeliveryReport(sockets, on, off, unknown, error, awaitingAck));
    }
}
