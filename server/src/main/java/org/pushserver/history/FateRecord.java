package org.pushserver.history;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One message's fate per token in memory; {@code expiresAt} is its ttl's end, when it has one: a token still pending
 * then reads {@code expired}. Without a ttl (0), a token is pending only while a socket that acks has not acked, and
 * that never expires. Not thread-safe: {@link InMemoryHistory} guards it.
 */
final class FateRecord {
    final long createdAt;
    final Map<String, Fate.State> states = new HashMap<>();
    final Map<String, Fate.Mobile> mobile = new HashMap<>(); // created only by a push with a notification
    long expiresAt;

    FateRecord(long createdAt) {
        this.createdAt = createdAt;
    }

    Fate view(String id, long now) {
        Map<String, String> out = new TreeMap<>();
        states.forEach((token, state) -> out.put(token,
                (state == Fate.State.PENDING && expiresAt > 0 && now >= expiresAt ? Fate.State.EXPIRED : state).value()));
        Map<String, String> devices = new TreeMap<>();
        mobile.forEach((token, state) -> devices.put(token, state.value()));
        return new Fate(id, createdAt, out, devices);
    }
}
