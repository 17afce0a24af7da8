package org.pushserver.cluster.redis;

import org.pushserver.config.ClusterConfig;
import org.pushserver.config.RedisAddress;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.BaseConfig;
import org.redisson.config.Config;
import org.redisson.config.ConstantDelay;
import org.redisson.config.EqualJitterDelay;
import org.redisson.config.ReadMode;
import org.redisson.connection.ConnectionListener;

import java.time.Duration;

/**
 * Redisson's configuration from {@link ClusterConfig}: plain strings on the wire (no Java serialisation), every call
 * bounded by REDIS_TIMEOUT_MS, at most one quick retry, reconnection in the background, and a lazy start so that a
 * node starts (not ready) while Redis is down. The topology (one server, Redis Cluster, Sentinel) and its addresses
 * come from {@link RedisAddress}, which ClusterConfig has already validated.
 */
final class RedisSetup {
    private RedisSetup() {
    }

    static Config config(ClusterConfig cluster, String clientName, ConnectionListener listener) {
        int timeout = (int) Math.min(Integer.MAX_VALUE, cluster.redisTimeout().toMillis());
        RedisAddress address = cluster.redisAddress();
        Config config = new Config()
                .setCodec(StringCodec.INSTANCE)
                .setLazyInitialization(true)
                .setUseScriptCache(true)
                .setThreads(2)
                .setNettyThreads(4)
                .setConnectionListener(listener);
        BaseConfig<?> base;
        switch (address.topology()) {
            case SENTINEL -> {
                // A failover is found by Sentinel's +switch-master message and by Redisson's periodic scan of the
                // Sentinels (scanInterval), whichever comes first; new Sentinels are not added from what they announce.
                var s = config.useSentinelServers().setMasterName(address.masterName()).setReadMode(ReadMode.MASTER)
                        .setDatabase(address.database())
                        .setCheckSentinelsList(false)
                        .setScanInterval(1000)
                        .setMasterConnectionMinimumIdleSize(2).setMasterConnectionPoolSize(16)
                        .setSubscriptionConnectionMinimumIdleSize(1).setSubscriptionConnectionPoolSize(4);
                address.uris().forEach(s::addSentinelAddress);
                base = s;
            }
            case CLUSTER -> {
                var c = config.useClusterServers().setReadMode(ReadMode.MASTER)
                        .setScanInterval(1000)
                        .setMasterConnectionMinimumIdleSize(2).setMasterConnectionPoolSize(16)
                        .setSubscriptionConnectionMinimumIdleSize(1).setSubscriptionConnectionPoolSize(4);
                address.uris().forEach(c::addNodeAddress);
                base = c;
            }
            default -> base = config.useSingleServer().setAddress(address.uris().get(0)).setDatabase(address.database())
                    .setConnectionMinimumIdleSize(2).setConnectionPoolSize(16)
                    .setSubscriptionConnectionMinimumIdleSize(1).setSubscriptionConnectionPoolSize(4);
        }
        if (address.username() != null) {
            base.setUsername(address.username());
        }
        if (address.password() != null) {
            base.setPassword(address.password());
        }
        base.setClientName(clientName)
                .setTimeout(timeout)
                .setConnectTimeout(timeout)
                .setSubscriptionTimeout(timeout)
                .setRetryAttempts(1)
                .setRetryDelay(new ConstantDelay(Duration.ofMillis(Math.max(10, Math.min(100, timeout / 10)))))
                .setReconnectionDelay(new EqualJitterDelay(Duration.ofMillis(100), Duration.ofMillis(Math.max(200, Math.min(2000, timeout)))))
                .setPingConnectionInterval(Math.max(500, Math.min(5000, timeout)))
                .setKeepAlive(true);
        return config;
    }
}
