package org.pushserver.delivery;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** The single-node broadcaster: everything is in this process, so every answer is complete and immediate. */
public final class LocalBroadcaster implements Broadcaster {
    private final LocalSockets sockets;

    public LocalBroadcaster(LocalSockets sockets) {
        this.sockets = sockets;
    }

    @Override
    public void joined(String token) {
        // Local membership lives in LocalSockets already.
    }

    @Override
    public void left(String token) {
        // Local membership lives in LocalSockets already.
    }

    @Override
    public CompletableFuture<DeliveryReport> deliver(Collection<String> tokens, PushMessage message) {
        return CompletableFuture.completedFuture(deliverHere(sockets, tokens, message));
    }

    /** Delivers on this node and reports which of {@code tokens} were online here, and which of them await an ack. */
    public static DeliveryReport deliverHere(LocalSockets sockets, Collection<String> tokens, PushMessage message) {
        Set<String> online = new HashSet<>();
        Set<String> acking = new HashSet<>(0);
        int reached = sockets.send(tokens, message, (token, awaitingAck) -> {
            online.add(token);
            if (awaitingAck) {
                acking.add(token);
            }
        });
        List<String> on = new ArrayList<>(online.size());
        List<String> off = new ArrayList<>(tokens.size() - online.size());
        for (String token : tokens) {
            (online.contains(token) ? on : off).add(token);
        }
        List<String> awaiting = acking.isEmpty() ? List.of() : on.stream().filter(acking::contains).toList();
        return new DeliveryReport(reached, on, off, List.of(), null, awaiting);
    }

    @Override
    public CompletableFuture<DeliveryReport> broadcast(PushMessage message) {
        return CompletableFuture.completedFuture(DeliveryReport.of(sockets.sendToAll(message), List.of(), List.of()));
    }

    @Override
    public CompletableFuture<Map<String, Integer>> presence(Collection<String> tokens) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        tokens.forEach(t -> counts.put(t, sockets.count(t)));
        return CompletableFuture.completedFuture(counts);
    }

    @Override
    public StoreStatus status() {
        return new StoreStatus("memory", true);
    }

    @Override
    public void close() {
        // Nothing held outside the sockets themselves.
    }
}
