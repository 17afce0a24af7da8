package org.pushserver.mobile;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The devices each token registered, bounded per token ({@code MAX_DEVICES_PER_TOKEN}, the oldest dropped). One node
 * keeps them in memory ({@link InMemoryDevices}), a cluster in Redis ({@code cluster.RedisDevices}). The futures fail
 * only when the shared store cannot be reached ({@code StoreUnavailableException}).
 */
public interface DeviceRegistry {

    /** Adds {@code device} to its token, replacing one with the same {@link Device#address()}. */
    CompletableFuture<Void> register(Device device);

    /** Removes the device of {@code tokenId} at {@code address}; completes with whether there was one. */
    CompletableFuture<Boolean> unregister(String tokenId, String address);

    /** The devices of {@code tokenId}, oldest registration first. */
    CompletableFuture<List<Device>> devices(String tokenId);

    /** The devices of each of {@code tokenIds} (a token without any maps to an empty list), in one round trip. */
    CompletableFuture<Map<String, List<Device>>> devices(List<String> tokenIds);

    /** Removes a device its provider reported gone. */
    default CompletableFuture<Boolean> remove(Device device) {
        return unregister(device.tokenId(), device.address());
    }
}
