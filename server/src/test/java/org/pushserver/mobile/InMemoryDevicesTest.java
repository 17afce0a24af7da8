package org.pushserver.mobile;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InMemoryDevicesTest {

    private static Device apns(String token, String deviceToken) {
        return new Device(token, Platform.APNS, deviceToken, null, System.currentTimeMillis());
    }

    private static List<String> addresses(InMemoryDevices registry, String token) {
        return registry.devices(token).join().stream().map(Device::deviceToken).toList();
    }

    @Test
    void beyondTheLimitPerTokenTheOldestDeviceIsDropped() {
        InMemoryDevices registry = new InMemoryDevices(2);
        registry.register(apns("u", "a"));
        registry.register(apns("u", "b"));
        registry.register(apns("u", "a")); // re-registered: now the newest
        registry.register(apns("u", "c"));
        assertEquals(List.of("a", "c"), addresses(registry, "u"));
    }

    @Test
    void beyondTheDeviceBoundTheTokenRegisteredLongestAgoIsDropped() {
        InMemoryDevices registry = new InMemoryDevices(5, 3);
        registry.register(apns("u1", "a"));
        registry.register(apns("u2", "b"));
        registry.register(apns("u1", "c"));
        registry.register(apns("u1", "c")); // replaced, not counted twice
        registry.register(apns("u3", "d"));
        assertTrue(registry.devices("u2").join().isEmpty());
        assertEquals(List.of("a", "c"), addresses(registry, "u1"));
        assertEquals(List.of("d"), addresses(registry, "u3"));
        registry.register(apns("u4", "e"));
        assertTrue(registry.devices("u1").join().isEmpty(), "u1 registered longest ago");
        assertEquals(List.of("d"), addresses(registry, "u3"));
    }

    @Test
    void theDevicesOfSeveralTokensComeInOneCallWithAnEmptyListForATokenWithout() {
        InMemoryDevices registry = new InMemoryDevices(5);
        registry.register(apns("u1", "a"));
        registry.register(apns("u1", "b"));
        registry.register(apns("u2", "c"));
        var found = registry.devices(List.of("u1", "u2", "nobody")).join();
        assertEquals(List.of("a", "b"), found.get("u1").stream().map(Device::deviceToken).toList());
        assertEquals(List.of("c"), found.get("u2").stream().map(Device::deviceToken).toList());
        assertEquals(List.of(), found.get("nobody"));
    }

    @Test
    void removingTheLastDeviceForgetsTheToken() {
        InMemoryDevices registry = new InMemoryDevices(5, 1);
        registry.register(apns("u1", "a"));
        assertTrue(registry.unregister("u1", "apns:a").join());
        assertEquals(false, registry.unregister("u1", "apns:a").join());
        registry.register(apns("u2", "b"));
        assertEquals(List.of("b"), addresses(registry, "u2"), "the removed device no longer counts");
    }
}
