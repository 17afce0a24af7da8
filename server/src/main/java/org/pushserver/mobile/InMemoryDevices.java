package org.pushserver.mobile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The single-node {@link DeviceRegistry}: per token, its devices in registration order. Bounded twice, since tokens
 * and devices are client data: at most {@code maxPerToken} devices per token (the oldest dropped) and at most
 * {@code maxTokens} tokens (the token whose last registration is oldest dropped). Lost at restart: a cluster keeps
 * devices in Redis. One lock: every operation is a few map steps.
 */
public final class InMemoryDevices implements DeviceRegistry {
    /** The tokens one node holds devices for: 100,000 tokens × 20 devices of about 300 bytes is some 600 MB at worst. */
    public static final int MAX_TOKENS = 100_000;

    private final int maxPerToken;
    private final int maxTokens;
    private final LinkedHashMap<String, LinkedHashMap<String, Device>> tokens = new LinkedHashMap<>();

    public InMemoryDevices(int maxPerToken) {
        this(maxPerToken, MAX_TOKENS);
    }

    InMemoryDevices(int maxPerToken, int maxTokens) {
        this.maxPerToken = maxPerToken;
        this.maxTokens = maxTokens;
    }

    @Override
    public synchronized CompletableFuture<Void> register(Device device) {
        LinkedHashMap<String, Device> devices = tokens.remove(device.tokenId()); // re-inserted last: most recent token
        if (devices == null) {
            devices = new LinkedHashMap<>();
        }
        devices.remove(device.address()); // re-inserted last: newest device
        devices.put(device.address(), device);
        while (devices.size() > maxPerToken) {
            devices.remove(devices.keySet().iterator().next());
        }
        tokens.put(device.tokenId(), devices);
        while (tokens.size() > maxTokens) {
            tokens.remove(tokens.keySet().iterator().next());
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized CompletableFuture<Boolean> unregister(String tokenId, String address) {
        Map<String, Device> devices = tokens.get(tokenId);
        boolean removed = devices != null && devices.remove(address) != null;
        if (devices != null && devices.isEmpty()) {
            tokens.remove(tokenId);
        }
        return CompletableFuture.completedFuture(removed);
    }

    @Override
    public synchronized CompletableFuture<List<Device>> devices(String tokenId) {
        Map<String, Device> devices = tokens.get(tokenId);
        return CompletableFuture.completedFuture(devices == null ? List.of() : List.copyOf(new ArrayList<>(devices.values())));
    }
}
