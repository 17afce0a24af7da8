package org.pushserver.cluster.devices;

import org.pushserver.cluster.redis.RedisGateway;
import org.pushserver.cluster.redis.RedisHealth;
import org.pushserver.cluster.redis.RedisKeys;
import org.pushserver.delivery.StoreUnavailableException;
import org.pushserver.mobile.Device;
import org.pushserver.mobile.DeviceJson;
import org.pushserver.mobile.DeviceRegistry;
import org.redisson.api.RScript;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The cluster's {@link DeviceRegistry}: per token a hash of devices and a sorted set of their order, under the
 * prefix's hash tag, each change one Lua script. Bounded per token by {@code MAX_DEVICES_PER_TOKEN}; a token's keys
 * expire {@link #KEEP} after its last registration, so the devices of users who never come back do not stay forever
 * (apps register their device at each start, as APNs and FCM advise).
 */
public final class RedisDevices implements DeviceRegistry {
    /** How long a token's devices are kept after its last registration (FCM drops tokens idle for 270 days). */
    static final Duration KEEP = Duration.ofDays(180);

    private final RedisGateway redis;
    private final RedisHealth health;
    private final RedisKeys keys;
    private final int maxPerToken;

    public RedisDevices(RedisGateway redis, RedisHealth health, RedisKeys keys, int maxPerToken) {
        this.redis = redis;
        this.health = health;
        this.keys = keys;
        this.maxPerToken = maxPerToken;
    }

    @Override
    public CompletableFuture<Void> register(Device device) {
        return this.<Long>call(DeviceScripts.ADD, RScript.ReturnType.INTEGER, device.tokenId(), device.address(),
                DeviceJson.stored(device), Long.toString(device.registeredAt()), Integer.toString(maxPerToken),
                Long.toString(KEEP.toMillis())).thenApply(dropped -> null);
    }

    @Override
    public CompletableFuture<Boolean> unregister(String tokenId, String address) {
        return this.<Long>call(DeviceScripts.REMOVE, RScript.ReturnType.INTEGER, tokenId, address).thenApply(n -> n > 0);
    }

    @Override
    public CompletableFuture<List<Device>> devices(String tokenId) {
        return this.<List<String>>call(DeviceScripts.LIST, RScript.ReturnType.MULTI, tokenId)
                .thenApply(all -> all.stream().map(DeviceJson::read).toList());
    }

    private <R> CompletableFuture<R> call(String script, RScript.ReturnType type, String token, Object... args) {
        if (!health.usable()) {
            return CompletableFuture.failedFuture(new StoreUnavailableException("the device registry (redis) is unreachable"));
        }
        return redis.<R>eval(RScript.Mode.READ_WRITE, script, type, List.of(keys.devices(token), keys.deviceOrder(token)), args)
                .exceptionally(e -> {
                    throw new CompletionException(new StoreUnavailableException("the device registry (redis) is unreachable: "
                            + RedisHealth.reason(e)));
                });
    }
}
