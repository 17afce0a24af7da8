package org.pushserver.delivery;

import java.util.ArrayList;
import java.util.List;

/**
 * What a push did: sockets reached and, per token, whether it was online. When part of the cluster could not be
 * asked, those tokens are listed as {@code undetermined} and {@code error} says why.
 *
 * @param sockets      sockets the message was written to, across all nodes that answered
 * @param online       tokens with at least one socket reached
 * @param offline      tokens known to have no socket anywhere
 * @param undetermined tokens not found locally whose remote status is unknown because the cluster was unreachable
 * @param error        why the report is partial, or null when it is complete
 * @param awaitingAck  the tokens of {@code online} reached only through sockets that ack ({@code "acks": true}): the
 *                     message is delivered to them when an ack arrives, not when written
 */
public record DeliveryReport(int sockets, List<String> online, List<String> offline, List<String> undetermined,
                             String error, List<String> awaitingAck) {

    public DeliveryReport {
        online = List.copyOf(online);
        offline = List.copyOf(offline);
        undetermined = List.copyOf(undetermined);
        awaitingAck = List.copyOf(awaitingAck);
    }

    /** A report where no token waits for an ack. */
    public DeliveryReport(int sockets, List<String> online, List<String> offline, List<String> undetermined, String error) {
        this(sockets, online, offline, undetermined, error, List.of());
    }

    /** A complete report. */
    public static DeliveryReport of(int sockets, List<String> online, List<String> offline) {
        return new DeliveryReport(sockets, online, offline, List.of(), null);
    }

    /** True when every node that should have been asked was asked. */
    public boolean complete() {
        return error == null;
    }

    /**
     * Adds the figures of another node's report for the same push; a token online anywhere is online, and it waits
     * for an ack only when no node wrote it to a socket without acks.
     */
    public DeliveryReport merge(DeliveryReport other) {
        List<String> on = new ArrayList<>(online);
        other.online.stream().filter(t -> !on.contains(t)).forEach(on::add);
        List<String> off = new ArrayList<>(offline);
        off.removeAll(on);
        List<String> awaiting = new ArrayList<>();
        for (String token : on) {
            boolean here = !online.contains(token) || awaitingAck.contains(token);
            boolean there = !other.online.contains(token) || other.awaitingAck.contains(token);
            if (here && there) {
                awaiting.add(token);
            }
        }
        return new DeliveryReport(sockets + other.sockets, on, off, undetermined,
                error != null ? error : other.error, awaiting);
    }

    /** Whether {@code token} was reached only through sockets that ack, so it is not delivered until one does. */
    public boolean awaitsAck(String token) {
        return awaitingAck.contains(token);
    }
}
