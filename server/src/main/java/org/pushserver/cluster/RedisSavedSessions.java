package org.pushserver.cluster;

import org.pushserver.cluster.redis.RedisGateway;
import org.pushserver.cluster.redis.RedisHealth;
import org.pushserver.cluster.redis.RedisKeys;
import org.pushserver.recovery.SavedSession;
import org.pushserver.recovery.SavedSessions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Lost sessions in Redis ({@code SET … PX window}, taken back with {@code GETDEL}, so a pid is used once), so that a
 * client recovers through whichever node it reaches. While Redis is unreachable, sessions are saved on this node
 * ({@code local}) and looked up there too.
 */
final class RedisSavedSessions implements SavedSessions {
    private static final Logger log = LoggerFactory.getLogger(RedisSavedSessions.class);

    private final RedisGateway redis;
    private final RedisHealth health;
    private final RedisKeys keys;
    private final Duration window;
    private final SavedSessions local;

    RedisSavedSessions(RedisGateway redis, RedisHealth health, RedisKeys keys, Duration window, SavedSessions local) {
        this.redis = redis;
        this.health = health;
        this.keys = keys;
        this.window = window;
        this.local = local;
    }

    @Override
    public void save(String pid, SavedSession session) {
        if (!health.usable()) {
            local.save(pid, session);
            return;
        }
        String value = session.joinedAtMs() + "|" + (session.ids() ? 1 : 0) + "|" + session.token();
        redis.call(() -> redis.bucket(keys.savedSession(pid)).setAsync(value, window.toMillis(), TimeUnit.MILLISECONDS))
                .whenComplete((ok, e) -> {
                    if (e != null) {
                        log.debug("saving a session in redis failed, keeping it on this node: {}", RedisHealth.reason(e));
                        local.save(pid, session);
                    }
                });
    }

    @Override
    public CompletableFuture<Optional<SavedSession>> take(String pid) {
        if (!health.usable()) {
            return local.take(pid);
        }
        return redis.call(() -> redis.bucket(keys.savedSession(pid)).getAndDeleteAsync())
                .handle((value, e) -> {
                    if (e != null || value == null) {
                        return local.take(pid);
                    }
                    String[] f = value.split("\\|", 3);
                    return CompletableFuture.completedFuture(Optional.of(
                            new SavedSession(f[2], Long.parseLong(f[0]), f[1].equals("1"))));
                })
                .thenCompose(f -> f);
    }
}
