package org.pushserver.api;

import org.pushserver.http.HttpReply;

import io.netty.handler.codec.http.HttpMethod;
import org.pushserver.metrics.PushMetrics;

import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** {@code GET /metrics}: the Prometheus text exposition. */
public final class MetricsRoute implements Route {
    private final PushMetrics metrics;

    public MetricsRoute(PushMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public Set<HttpMethod> methods() {
        return Set.of(HttpMethod.GET);
    }

    @Override
    public boolean operational() {
        return true;
    }

    @Override
    public CompletableFuture<HttpReply> handle(HttpCall call) {
        return CompletableFuture.completedFuture(
                HttpReply.text(200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape()));
    }
}
