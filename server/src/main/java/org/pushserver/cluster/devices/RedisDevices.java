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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    /** Tokens whose devices one script reads: a push to many offline tokens does not hold Redis in one long script. */
    private static final int TOKENS_PER_CALL = 256;

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

    @Override
    public CompletableFuture<Map<String, List<Device>>> devices(List<String> tokenIds) {
        if (!health.usable()) {
            return CompletableFuture.failedFuture(unavailable(null));
        }
        List<CompletableFuture<Map<String, List<Device>>>> chunks = new ArrayList<>();
        for (int from = 0; from < tokenIds.size(); from += TOKENS_PER_CALL) {
            chunks.add(chunk(tokenIds.subList(from, Math.min(tokenIds.size(), from + TOKENS_PER_CALL))));
        }
        return CompletableFuture.allOf(chunks.toArray(CompletableFuture[]::new)).thenApply(done -> {
            Map<String, List<Device>> all = new HashMap<>();
            chunks.forEach(c -> all.putAll(c.join()));
            return all;
        });
    }

    private CompletableFuture<Map<String, List<Device>>> chunk(List<String> tokens) {
        List<Object> pairs = new ArrayList<>(2 * tokens.size());
        tokens.forEach(token -> {
            pairs.add(keys.devices(token));
            pairs.add(keys.deviceOrder(token));
        });
        return redis.<List<List<String>>>eval(RScript.Mode.READ_ONLY, DeviceScripts.LIST_MANY, RScript.ReturnType.MULTI, pairs)
                .handle((lists, e) -> {
                    if (e != null) {
                        throw new CompletionException(unavailable(e));
                    }
                    Map<String, List<Device>> out = new HashMap<>();
                    for (int i = 0; i < tokens.size(); i++) {
                        out.put(tokens.get(i), lists.get(i).stream().map(DeviceJson::read).toList());
                    }
                    return out;
                });
    }

    private static StoreUnavailableException unavailable(Throwable e) {
        return new StoreUnavailableException("the device registry (redis) is unreachable"
                + (e == null ? "" : ": " + RedisHealth.reason(e)));
    }

    private <R> CompletableFuture<R> call(String script, RScript.ReturnType type, String token, Object... args) {
        if (!health.usable()) {
            return CompletableFuture.failedFuture(unavailable(null));
        }
        return redis.<R>eval(RScript.Mode.READ_WRITE, script, type, List.of(keys.devices(token), keys.deviceOrder(token)), args)
                .exceptionally(e -> {
                    throw new CompletionException(unavailable(e));
                });
    }
}
