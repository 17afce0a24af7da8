package org.pushserver.mobile;

/**
 * What a push's notification did at once, for the {@code /api} answer (providers are not waited for).
 *
 * @param devices   sends queued, one per device
 * @param notQueued sends refused because the queue was full
 * @param error     {@code queue_full}, {@code registry_unavailable}, or null
 */
public record MobileQueued(int devices, int notQueued, String error) {
}
