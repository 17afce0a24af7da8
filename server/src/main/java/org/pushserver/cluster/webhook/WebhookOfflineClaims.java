package org.pushserver.cluster.webhook;

import org.pushserver.cluster.redis.RedisGateway;
import org.pushserver.cluster.redis.RedisKeys;
import org.pushserver.webhook.WebhookEvent;
import org.pushserver.webhook.WebhookEvents;
import org.redisson.api.RScript;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * {@code token_offline} in a cluster: reads the tokens of the leaving set whose grace ended, then claims them in a
 * script that re-checks each (still due, still no socket on any node) and deletes its online flag; only the node whose
 * call took a token emits its event, though every node runs this on its tick.
 */
final class WebhookOfflineClaims {
    private static final int CHUNK = 200;

    private final RedisGateway redis;
    private final RedisKeys keys;
    private final WebhookEvents events;
    private final LongSupplier clock;
    private final AtomicBoolean claiming = new AtomicBoolean();

    WebhookOfflineClaims(RedisGateway redis, RedisKeys keys, WebhookEvents events, LongSupplier clock) {
        this.redis = redis;
        this.keys = keys;
        this.events = events;
        this.clock = clock;
    }

    /** Claims the tokens whose grace ended; emits token_offline for those this call took. One pass at a time. */
    void claimDue() {
        if (!claiming.compareAndSet(false, true)) {
            return;
        }
        String now = Long.toString(clock.getAsLong());
        redis.<List<Object>>eval(RScript.Mode.READ_ONLY, WebhookScripts.DUE, List.of(keys.webhookLeaving()), now,
                        Integer.toString(CHUNK))
                .thenCompose(due -> {
                    if (due.isEmpty()) {
                        return CompletableFuture.completedFuture(List.<Object>of());
                    }
                    List<Object> scriptKeys = new ArrayList<>(List.of(keys.webhookLeaving()));
                    List<Object> args = new ArrayList<>(List.of(now));
                    for (Object t : due) {
                        scriptKeys.add(keys.webhookSockets(String.valueOf(t)));
                        scriptKeys.add(keys.webhookOnline(String.valueOf(t)));
                        args.add(String.valueOf(t));
                    }
                    return redis.<List<Object>>eval(RScript.Mode.READ_WRITE, WebhookScripts.CLAIM_OFFLINE, scriptKeys, args.toArray());
                })
                .whenComplete((gone, e) -> {
                    claiming.set(false);
                    if (gone != null) {
                        long at = clock.getAsLong();
                        gone.forEach(t -> events.emit(WebhookEvent.offline(String.valueOf(t), at)));
                    }
                });
    }
}
