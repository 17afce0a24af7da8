package org.pushserver.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pushserver.config.check.InvalidConfigException;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** REDIS_URL in each topology's form, as the loader reads it; a bad one stops start-up naming the key. */
class RedisAddressTest {
    private static RedisAddress load(String url) {
        return ConfigLoader.load(new String[0], Map.of("REDIS_URL", url)).cluster().redisAddress();
    }

    @Test
    void aRedisUrlIsOneServerWithItsDatabaseAndCredentials() {
        RedisAddress a = load("redis://app:s%40cret@127.0.0.1:6380/2");
        assertEquals(RedisAddress.Topology.SINGLE, a.topology());
        assertEquals(List.of("redis://127.0.0.1:6380"), a.uris());
        assertEquals(2, a.database());
        assertEquals("app", a.username());
        assertEquals("s@cret", a.password());
        assertFalse(a.toString().contains("cret"), "the password is never printed: " + a);
    }

    @Test
    void aRedissUrlIsTlsAndThePortDefaultsTo6379() {
        RedisAddress a = load("rediss://:pw@redis.internal");
        assertTrue(a.tls());
        assertEquals(List.of("rediss://redis.internal:6379"), a.uris());
        assertNull(a.username());
        assertEquals("pw", a.password());
    }

    @Test
    void aRedisClusterUrlListsSeedNodesIpv6Included() {
        RedisAddress a = load("redis-cluster://127.0.0.1:7000,[::1]:7001, 127.0.0.1:7002");
        assertEquals(RedisAddress.Topology.CLUSTER, a.topology());
        assertEquals(List.of("redis://127.0.0.1:7000", "redis://[::1]:7001", "redis://127.0.0.1:7002"), a.uris());
        assertEquals(List.of("rediss://h:7000"), load("rediss-cluster://h:7000").uris());
    }

    @Test
    void aRedisSentinelUrlNamesTheSentinelsAndTheMaster() {
        RedisAddress a = load("redis-sentinel://s1:26379,s2/mymaster");
        assertEquals(RedisAddress.Topology.SENTINEL, a.topology());
        assertEquals("mymaster", a.masterName());
        assertEquals(List.of("redis://s1:26379", "redis://s2:26379"), a.uris());
    }

    @Test
    void theOlderSpellingsStillWork() {
        assertEquals(RedisAddress.Topology.CLUSTER, load("cluster://h:1,h:2").topology());
        assertEquals(RedisAddress.Topology.CLUSTER, load("redis://h:1,redis://h:2").topology());
        assertEquals(RedisAddress.Topology.SENTINEL, load("sentinel://h:26379/m").topology());
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost:6379", "http://h:1", "redis://", "redis://h:0", "redis://h:70000", "redis://h:x",
            "redis://h:1/db", "redis-sentinel://h:26379", "redis-sentinel://h:26379/", "redis-cluster://h:1/3",
            "redis://[::1:6379", "redis-cluster://,"})
    void anUnusableUrlStopsStartUpNamingTheKey(String url) {
        String message = assertThrows(InvalidConfigException.class,
                () -> ConfigLoader.load(new String[0], Map.of("REDIS_URL", url))).getMessage();
        assertTrue(message.startsWith("REDIS_URL (--redis-url): "), message);
    }
}
