package org.pushserver.config;

import org.pushserver.config.check.Check;
import org.pushserver.config.check.InvalidConfigException;
import org.pushserver.config.check.Urls;

import java.net.URI;
import java.time.Duration;
import java.util.Set;

/**
 * Client events forwarded to the backend: which socket events are allowed, where they go, and their bounds.
 *
 * @param events      {@code CLIENT_EVENTS}: the allow-list of event names; empty: none is forwarded
 * @param url         {@code CLIENT_EVENTS_URL}: where each is POSTed (signed with {@code WEBHOOK_SECRET})
 * @param maxBytes    {@code MAX_CLIENT_EVENT_BYTES}: largest event payload
 * @param perSecond   {@code CLIENT_EVENTS_PER_SECOND}: events one socket may send per second
 * @param timeout     {@code CLIENT_EVENTS_TIMEOUT_MS}: bound on the backend's answer
 */
public record ClientEventsConfig(Set<String> events, URI url, int maxBytes, int perSecond, Duration timeout) {
    /** Events the server handles itself: a client event cannot take their names. */
    static final Set<String> RESERVED = Set.of("user_login", "user_logout", "register_device", "unregister_device",
            "receive_message", "login_error", "connect", "disconnect", "connect_error", "error");

    public ClientEventsConfig {
        events = Set.copyOf(events);
        for (String event : events) {
            if (RESERVED.contains(event) || !event.matches("[A-Za-z0-9_.:-]{1,64}")) {
                throw new InvalidConfigException("CLIENT_EVENTS (--client-events): '" + event + "' is reserved or not a"
                        + " plain event name (letters, digits, _ . : -, at most 64)");
            }
        }
        if (!events.isEmpty() && url == null) {
            throw new InvalidConfigException("CLIENT_EVENTS_URL (--client-events-url): required when CLIENT_EVENTS lists events");
        }
        if (url != null) {
            Urls.httpUrl("CLIENT_EVENTS_URL", url);
        }
        Check.range("MAX_CLIENT_EVENT_BYTES", maxBytes, 1, 16 * 1024 * 1024);
        Check.range("CLIENT_EVENTS_PER_SECOND", perSecond, 1, 1_000_000);
        Check.positive("CLIENT_EVENTS_TIMEOUT_MS", timeout);
    }

    /** True when at least one event is forwarded. */
    public boolean enabled() {
        return !events.isEmpty();
    }
}
