package org.pushserver.cluster;

import org.pushserver.config.ClusterConfig;
import org.pushserver.config.InvalidConfigException;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.BaseConfig;
import org.redisson.config.Config;
import org.redisson.config.ConstantDelay;
import org.redisson.config.EqualJitterDelay;
import org.redisson.config.ReadMode;
import org.redisson.connection.ConnectionListener;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Redisson's configuration from {@link ClusterConfig}: plain strings on the wire (no Java serialisation), every call
 * bounded by REDIS_TIMEOUT_MS, at most one quick retry, reconnection in the background, and a lazy start so that a
 * node starts (not ready) while Redis is down.
 *
 * <ul>
 *   <li>{@code redis://[user:password@]host:port[/db]} or {@code rediss://…}: one server</li>
 *   <li>{@code sentinel://[user:password@]host:port,host:port/masterName}: Sentinel</li>
 *   <li>{@code cluster://[user:password@]host:port,host:port} (or several comma-separated {@code redis://} addresses): Redis Cluster</li>
 * </ul>
 */
final class RedisSetup {
    private RedisSetup() {
    }

    /** Which Redis topology a URL names. */
    enum Topology { SINGLE, SENTINEL, CLUSTER }

    static Topology topology(String url) {
        String lower = url.toLowerCase();
        if (lower.startsWith("sentinel://")) {
            return Topology.SENTINEL;
        }
        if (lower.startsWith("cluster://") || url.contains(",")) {
            return Topology.CLUSTER;
        }
        return Topology.SINGLE;
    }

    static Config config(ClusterConfig cluster, String clientName, ConnectionListener listener) {
        int timeout = (int) Math.min(Integer.MAX_VALUE, cluster.redisTimeout().toMillis());
        String url = cluster.redisUrl().trim();
        Config config = new Config()
                .setCodec(StringCodec.INSTANCE)
                .setLazyInitialization(true)
                .setUseScriptCache(true)
                .setThreads(2)
                .setNettyThreads(4)
                .setConnectionListener(listener);
        String scheme = url.substring(0, url.indexOf("://")).toLowerCase();
        String rest = url.substring(url.indexOf("://") + 3);
        String userInfo = null;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            userInfo = rest.substring(0, at);
            rest = rest.substring(at + 1);
        }
        String path = "";
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            path = rest.substring(slash + 1);
            rest = rest.substring(0, slash);
        }
        List<String> addresses = new ArrayList<>();
        boolean tls = scheme.equals("rediss");
        for (String hostPort : rest.split(",")) {
            String hp = hostPort.trim().replaceFirst("(?i)^(redis|rediss)://", "");
            if (hostPort.trim().toLowerCase().startsWith("rediss://")) {
                tls = true;
            }
            if (!hp.isEmpty()) {
                addresses.add((tls ? "rediss://" : "redis://") + hp);
            }
        }
        if (addresses.isEmpty()) {
            throw new InvalidConfigException("REDIS_URL (--redis-url): no host:port in '" + url + "'");
        }
        BaseConfig<?> base;
        switch (topology(url)) {
            case SENTINEL -> {
                if (path.isEmpty()) {
                    throw new InvalidConfigException("REDIS_URL (--redis-url): sentinel://host:port,…/masterName needs the master name");
                }
                var s = config.useSentinelServers().setMasterName(path).setReadMode(ReadMode.MASTER)
                        .setCheckSentinelsList(false)
                        .setMasterConnectionMinimumIdleSize(2).setMasterConnectionPoolSize(16)
                        .setSubscriptionConnectionMinimumIdleSize(1).setSubscriptionConnectionPoolSize(4);
                addresses.forEach(s::addSentinelAddress);
                base = s;
            }
            case CLUSTER -> {
                var c = config.useClusterServers().setReadMode(ReadMode.MASTER)
                        .setMasterConnectionMinimumIdleSize(2).setMasterConnectionPoolSize(16)
                        .setSubscriptionConnectionMinimumIdleSize(1).setSubscriptionConnectionPoolSize(4);
                addresses.forEach(c::addNodeAddress);
                base = c;
            }
            default -> {
                var s = config.useSingleServer().setAddress(addresses.get(0))
                        .setConnectionMinimumIdleSize(2).setConnectionPoolSize(16)
                        .setSubscriptionConnectionMinimumIdleSize(1).setSubscriptionConnectionPoolSize(4);
                if (!path.isEmpty()) {
                    try {
                        s.setDatabase(Integer.parseInt(path));
                    } catch (NumberFormatException e) {
                        throw new InvalidConfigException("REDIS_URL (--redis-url): database must be a number, got '" + path + "'");
                    }
                }
                base = s;
            }
        }
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            String user = colon >= 0 ? userInfo.substring(0, colon) : "";
            String password = colon >= 0 ? userInfo.substring(colon + 1) : userInfo;
            if (!user.isEmpty()) {
                base.setUsername(decode(user));
            }
            if (!password.isEmpty()) {
                base.setPassword(decode(password));
            }
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

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
