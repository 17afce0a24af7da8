package org.pushserver.webhook;

/** Where the parts that decide events (presence transitions, the expiry sweep) hand them; never blocks. */
@FunctionalInterface
public interface WebhookEvents {
    void emit(WebhookEvent event);
}
