package org.pushserver.mobile;

import java.util.concurrent.CompletableFuture;

/**
 * One push service (APNs, FCM, Web Push), configured and connected. Sends are asynchronous and never block the
 * caller; the future completes with the provider's verdict and never fails (a network error is {@code RETRY}).
 */
public interface MobileProvider extends AutoCloseable {

    /** The devices it serves. */
    Platform platform();

    /** One attempt to deliver {@code push} to {@code device}, whose platform is {@link #platform()}. */
    CompletableFuture<SendResult> send(Device device, MobilePush push);

    /** Releases connections and threads. */
    @Override
    void close();
}
