package org.pushserver.mobile;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The single-node {@link DeviceRegistry}: per token, its devices in registration order. Bounded twice, since tokens
 * and devices are client data: at most {@code maxPerToken} devices per token (the oldest dropped) and at most
 * {@code maxDevices} devices in all (the devices of the token whose last registration is oldest dropped). Lost at
 * restart: a cluster keeps devices in Redis. One lock: every operation is a few map steps.
 */
public final class InMemoryDevices implements DeviceRegistry {
    /**
     * Devices one node holds: a device is ~300 bytes as apps and browsers send them and at most ~3 KB (the longest
     * device token or subscription accepted), so ~30 MB, 300 MB at worst. More users need the cluster's Redis registry.
     */
    public static final int MAX_DEVICES = 100_000;
    private static final Logger log = LoggerFactory.getLogger(InMemoryDevices.class);

    private final int maxPerToken;
    private final int maxDevices;
    private final LinkedHashMap<String, LinkedHashMap<String, Device>> tokens = new LinkedHashMap<>();
    private int count;
    private boolean warned;

    public InMemoryDevices(int maxPerToken) {
        this(maxPerToken, MAX_DEVICES);
    }

    InMemoryDevices(int maxPerToken, int maxDevices) {
        this.maxPerToken = maxPerToken;
        this.maxDevices = maxDevices;
    }

    @Override
    public synchronized CompletableFuture<Void> register(Device device) {
        LinkedHashMap<String, Device> devices = tokens.remove(device.tokenId()); // re-inserted last: most recent token
        if (devices == null) {
            devices = new LinkedHashMap<>();
        }
        if (devices.remove(device.address()) != null) { // re-inserted last: newest device
            count--;
        }
        devices.put(device.address(), device);
        count++;
        while (devices.size() > maxPerToken) {
            devices.remove(devices.keySet().iterator().next());
            count--;
        }
        tokens.put(device.tokenId(), devices);
        Iterator<Map.Entry<String, LinkedHashMap<String, Device>>> oldest = tokens.entrySet().iterator();
        while (count > maxDevices && oldest.hasNext()) {
            Map.Entry<String, LinkedHashMap<String, Device>> gone = oldest.next();
            if (gone.getValue() == devices) {
                break; // never the token just registered
            }
            count -= gone.getValue().size();
            oldest.remove();
            if (!warned) {
                warned = true;
                log.warn("device registry full ({} devices, InMemoryDevices.MAX_DEVICES): the devices of the tokens registered "
                        + "longest ago are dropped; run a cluster (REDIS_URL) to keep more", maxDevices);
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized CompletableFuture<Boolean> unregister(String tokenId, String address) {
        Map<String, Device> devices = tokens.get(tokenId);
        boolean removed = devices != null && devices.remove(address) != null;
        if (removed) {
            count--;
        }
        if (devices != null && devices.isEmpty()) {
            tokens.remove(tokenId);
        }
        return CompletableFuture.completedFuture(removed);
    }

    @Override
    public synchronized CompletableFuture<List<Device>> devices(String tokenId) {
        return CompletableFuture.completedFuture(of(tokenId));
    }

    @Override
    public synchronized CompletableFuture<Map<String, List<Device>>> devices(List<String> tokenIds) {
        Map<String, List<Device>> out = new HashMap<>();
        tokenIds.forEach(token -> out.put(token, of(token)));
        return CompletableFuture.completedFuture(out);
    }

    private List<Device> of(String tokenId) {
        Map<String, Device> devices = tokens.get(tokenId);
        return devices == null ? List.of() : List.copyOf(devices.values());
    }
}
