package org.pushserver.publish;

import org.pushserver.delivery.DeliveryReport;
import org.pushserver.history.Accepted;
import org.pushserver.history.Settled;
import org.pushserver.mobile.MobileQueued;

/**
 * What one publish did, for the answer to whoever published it.
 *
 * @param accepted the message with its id, and whether the history kept it
 * @param report   the sockets it reached, cluster-wide
 * @param settled  what the inbox queued
 * @param keeps    whether anything was to be stored, so that {@code stored} in the answer means something
 * @param mobile   what the push's notification queued for devices, or null when it had none
 */
public record Published(Accepted accepted, DeliveryReport report, Settled settled, boolean keeps, MobileQueued mobile) {
}
