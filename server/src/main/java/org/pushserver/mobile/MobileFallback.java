package org.pushserver.mobile;

import org.pushserver.delivery.DeliveryReport;
import org.pushserver.history.Fate;
import org.pushserver.history.MessageLog;
import org.pushserver.metrics.PushMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * After a push is delivered to sockets: picks the tokens its {@code mobile} mode names, looks up their devices and
 * queues one send per device, recording each token's notification state in the message's fate ({@code queued}, then
 * {@code sent} or {@code failed} when its last device is done; {@code no_device} at once).
 */
public final class MobileFallback {
    private static final Logger log = LoggerFactory.getLogger(MobileFallback.class);

    private final DeviceRegistry registry;
    private final MobileSender sender;
    private final MessageLog history;
    private final PushMetrics metrics;

    public MobileFallback(DeviceRegistry registry, MobileSender sender, MessageLog history, PushMetrics metrics) {
        this.registry = registry;
        this.sender = sender;
        this.history = history;
        this.metrics = metrics;
    }

    /**
     * The tokens {@code mode} picks: {@code offline} takes those with no socket anywhere and those whose presence could
     * not be asked (a duplicate beats a loss, as for the inbox); {@code always} all; {@code never} none.
     */
    static List<String> targets(MobileMode mode, List<String> tokens, DeliveryReport report) {
        return switch (mode) {
            case NEVER -> List.of();
            case ALWAYS -> tokens;
            case OFFLINE -> {
                List<String> out = new ArrayList<>(report.offline());
                out.addAll(report.undetermined());
                yield out;
            }
        };
    }

    /** Queues {@code notification} of message {@code id} for the devices of the tokens {@code mode} picks. */
    public CompletableFuture<MobileQueued> send(String id, Notification notification, MobileMode mode, Duration ttl,
                                                List<String> tokens, DeliveryReport report) {
        List<String> targets = targets(mode, tokens, report);
        if (targets.isEmpty()) {
            return CompletableFuture.completedFuture(new MobileQueued(0, 0, null));
        }
        return registry.devices(targets).handle((found, error) -> {
            if (error != null) {
                log.warn("mobile fallback message={}: device registry unreachable, nothing queued", id);
                return new MobileQueued(0, 0, "registry_unavailable");
            }
            MobilePush push = new MobilePush(id, notification, ttl);
            Map<String, Fate.Mobile> states = new HashMap<>();
            Map<String, List<Device>> served = new LinkedHashMap<>();
            for (String token : targets) {
                List<Device> devices = found.getOrDefault(token, List.of()).stream().filter(d -> sender.serves(d.platform())).toList();
                states.put(token, devices.isEmpty() ? Fate.Mobile.NO_DEVICE : Fate.Mobile.QUEUED);
                if (!devices.isEmpty()) {
                    served.put(token, devices);
                }
            }
            history.mobile(id, states); // before the sends, whose outcomes it must not overwrite (QUEUED never does)
            int queued = 0;
            int refused = 0;
            for (Map.Entry<String, List<Device>> entry : served.entrySet()) {
                String token = entry.getKey();
                List<Device> devices = entry.getValue();
                TokenSends sends = new TokenSends(id, token, devices.size());
                for (Device device : devices) {
                    if (sender.offer(device, push, sends::done)) {
                        queued++;
                    } else {
                        refused++;
                        sends.done(SendResult.Outcome.FAILED);
                    }
                }
            }
            if (refused > 0) {
                metrics.mobileNotQueued(refused);
                log.warn("mobile fallback message={}: queue full (MOBILE_QUEUE_SIZE), {} devices not queued", id, refused);
            }
            return new MobileQueued(queued, refused, refused > 0 ? "queue_full" : null);
        });
    }

    /** One token's sends: its state is written when the last of its devices is done. */
    private final class TokenSends {
        private final String id;
        private final String token;
        private final AtomicInteger left;
        private final AtomicBoolean sent = new AtomicBoolean();

        TokenSends(String id, String token, int devices) {
            this.id = id;
            this.token = token;
            this.left = new AtomicInteger(devices);
        }

        void done(SendResult.Outcome outcome) {
            if (outcome == SendResult.Outcome.SENT) {
                sent.set(true);
            }
            if (left.decrementAndGet() == 0) {
                history.mobile(id, Map.of(token, sent.get() ? Fate.Mobile.SENT : Fate.Mobile.FAILED));
            }
        }
    }
}
