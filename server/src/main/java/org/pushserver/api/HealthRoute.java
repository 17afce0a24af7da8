package org.pushserver.api;

import org.pushserver.http.HttpReply;

import io.netty.handler.codec.http.HttpMethod;
import org.pushserver.delivery.Broadcaster;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntSupplier;

/**
 * {@code /health} (everything, always 200 while the process serves), {@code /health/live} (the process answers)
 * and {@code /health/ready} (503 while the cluster store is down or the server drains, so a balancer stops
 * sending new users here).
 */
public final class HealthRoute implements Route {
    /** Which of the three probes this instance answers. */
    public enum Probe { FULL, LIVE, READY }

    /** What the probe reports, read at request time. */
    public record Sources(String version, long startMillis, IntSupplier connections, IntSupplier tokensOnline,
                          Broadcaster broadcaster, Drain drain) {
    }

    private final Probe probe;
    private final Sources sources;

    public HealthRoute(Probe probe, Sources sources) {
        this.probe = probe;
        this.sources = sources;
    }

    @Override
    public Set<HttpMethod> methods() {
        return Set.of(HttpMethod.GET, HttpMethod.HEAD);
    }

    /** The full report reveals load; the probes only say ok or not, and balancers must reach them without a key. */
    @Override
    public boolean operational() {
        return probe == Probe.FULL;
    }

    @Override
    public CompletableFuture<HttpReply> handle(HttpCall call) {
        Broadcaster.StoreStatus store = sources.broadcaster().status();
        boolean ready = store.up() && !sources.drain().draining();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", probe == Probe.LIVE ? "ok" : ready ? "ok" : sources.drain().draining() ? "draining" : "degraded");
        if (probe == Probe.FULL) {
            body.put("version", sources.version());
            body.put("uptimeSeconds", Duration.ofMillis(System.currentTimeMillis() - sources.startMillis()).toSeconds());
            body.put("connections", sources.connections().getAsInt());
            body.put("tokensOnline", sources.tokensOnline().getAsInt());
        }
        body.put("store", Map.of("mode", store.mode(), "status", store.up() ? "up" : "down"));
        int status = probe == Probe.READY && !ready ? 503 : 200;
        return CompletableFuture.completedFuture(HttpReply.json(status, body));
    }
}
