package org.pushserver.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.function.ToDoubleFunction;

/**
 * Every meter the server records, in one Prometheus registry. Components are handed this object and call
 * the method for what happened; names and tags are defined here only.
 */
public final class PushMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
    private final Counter pushes;
    private final Counter broadcasts;
    private final DistributionSummary deliveries;
    private final Timer pushLatency;
    private final Counter slowClientsDropped;
    private final Counter badPackets;

    public PushMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        pushes = Counter.builder("pushserver.pushes").description("Pushes accepted by /api").register(registry);
        broadcasts = Counter.builder("pushserver.broadcasts").description("Broadcasts accepted by /api/broadcast").register(registry);
        deliveries = DistributionSummary.builder("pushserver.push.sockets")
                .description("Sockets reached per push").register(registry);
        pushLatency = Timer.builder("pushserver.push.latency")
                .description("From the POST being received to the packets being handed to the sockets")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(20_000))
                .maximumExpectedValue(Duration.ofSeconds(5))
                .register(registry);
        slowClientsDropped = Counter.builder("pushserver.slow.clients.disconnected")
                .description("Sockets disconnected because they stopped reading").register(registry);
        badPackets = Counter.builder("pushserver.socket.errors")
                .description("Socket-side errors: undecodable packets, listener failures").register(registry);
    }

    /** Registers a gauge read at scrape time. */
    public <T> void gauge(String name, String description, T source, ToDoubleFunction<T> value, String... tags) {
        Gauge.builder(name, source, value).description(description).tags(tags).strongReference(true).register(registry);
    }

    public void login(boolean ok) {
        registry.counter("pushserver.logins", "result", ok ? "ok" : "rejected").increment();
    }

    /** A refused login, by its reason's fixed tag ({@code expired}, {@code bad_signature}, {@code too_many_logins}…). */
    public void loginRefused(String reason) {
        login(false);
        registry.counter("pushserver.login.refusals", "reason", reason).increment();
    }

    /** A socket disconnected because it reached {@code MAX_LOGIN_FAILURES}. */
    public void loginFailuresDisconnect() {
        registry.counter("pushserver.login.failure.disconnects").increment();
    }

    public void logout() {
        registry.counter("pushserver.logouts").increment();
    }

    public void connection(String event) {
        registry.counter("pushserver.socket.events", "event", event).increment();
    }

    /** A push was handed to {@code sockets} local sockets, {@code nanos} after its request arrived. */
    public void pushed(int sockets, long nanos) {
        pushes.increment();
        record(sockets, nanos);
    }

    public void broadcasted(int sockets, long nanos) {
        broadcasts.increment();
        record(sockets, nanos);
    }

    private void record(int sockets, long nanos) {
        deliveries.record(sockets);
        registry.counter("pushserver.deliveries").increment(sockets);
        pushLatency.record(Duration.ofNanos(nanos));
    }

    /** Cross-node traffic, by direction ({@code sent}/{@code received}) and outcome. */
    public void clusterMessage(String direction, String outcome) {
        registry.counter("pushserver.cluster.messages", "direction", direction, "outcome", outcome).increment();
    }

    public void slowClientDropped() {
        slowClientsDropped.increment();
    }

    public void socketError() {
        badPackets.increment();
    }

    public void httpRequest(String route, int status) {
        registry.counter("pushserver.http.requests", "route", route, "status", Integer.toString(status)).increment();
    }

    /** A keyed route refused a caller, by {@code reason} (missing_key, signature, replay, origin…). */
    public void apiRefused(String reason) {
        registry.counter("pushserver.api.refused", "reason", reason).increment();
    }

    /** A request refused by a rate limit, by {@code limit}. */
    public void rateLimited(String limit) {
        registry.counter("pushserver.rate.limited", "limit", limit).increment();
    }

    /** A connection closed at once because its address already had MAX_CONNECTIONS_PER_IP open. */
    public void connectionRefused(String reason) {
        registry.counter("pushserver.connections.refused", "reason", reason).increment();
    }

    /** One login webhook call: its outcome ({@code accepted}, {@code refused}, {@code error}, {@code timeout}) and duration. */
    public void loginWebhookCall(String outcome, long nanos) {
        registry.counter("pushserver.login.webhook.calls", "outcome", outcome).increment();
        Timer.builder("pushserver.login.webhook.latency").description("Login webhook calls, from request to verdict")
                .register(registry).record(Duration.ofNanos(nanos));
    }

    /** A webhook login answered without a new call: a cached answer, or a call already in flight for that token. */
    public void loginCacheHit() {
        registry.counter("pushserver.login.webhook.cache.hits").increment();
    }

    /** A connection closed because its TLS handshake failed (plain HTTP to the HTTPS port, an untrusted certificate, a timeout). */
    public void tlsHandshakeFailed() {
        registry.counter("pushserver.tls.handshake.failures").increment();
    }

    /** Messages dropped from history before a client asked for them, by why: {@code size}, {@code ttl}, {@code bytes}. */
    public void historyEvicted(String reason) {
        registry.counter("pushserver.history.evictions", "reason", reason).increment();
    }

    /** Messages handed out of the offline inbox at a login. */
    public void inboxDelivered(int messages) {
        if (messages > 0) {
            registry.counter("pushserver.inbox.deliveries").increment(messages);
        }
    }

    /** A publish answered with the first answer of its Idempotency-Key, delivering nothing. */
    public void idempotentReplay() {
        registry.counter("pushserver.idempotent.replays").increment();
    }

    /** A resume or connection-state recovery, by outcome ({@code recovered}, {@code not_recoverable}, {@code invalid}). */
    public void recovery(String outcome) {
        registry.counter("pushserver.recoveries", "outcome", outcome).increment();
    }

    /** A message (or its inbox entries or fate) that could not be written to the shared store, by what. */
    public void notStored(String what) {
        registry.counter("pushserver.history.not.stored", "what", what).increment();
    }

    /** One attempt to send a notification to a device, by platform and outcome ({@code sent}, {@code gone}, {@code retry}, {@code failed}). */
    public void mobileSend(String platform, String outcome) {
        registry.counter("pushserver.mobile.sends", "platform", platform, "outcome", outcome).increment();
    }

    /** Notifications to devices not queued because MOBILE_QUEUE_SIZE was reached. */
    public void mobileNotQueued(int devices) {
        registry.counter("pushserver.mobile.not.queued").increment(devices);
    }

    /** A device removed from the registry because its provider reported it gone, by platform. */
    public void deviceRemoved(String platform) {
        registry.counter("pushserver.mobile.devices.removed", "platform", platform).increment();
    }

    /** A client event (issue 14), by outcome: {@code forwarded}, or the code of the refusal its ack carried. */
    public void clientEvent(String outcome) {
        registry.counter("pushserver.client.events", "outcome", outcome).increment();
    }

    /** A client event's round trip to the backend, and the publish of its answer, from the event to its ack. */
    public void clientEventRoundTrip(long nanos) {
        Timer.builder("pushserver.client.event.latency")
                .description("Client events: from the event to its ack, through the backend and the answer's publish")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(Duration.ofSeconds(30)).register(registry).record(Duration.ofNanos(nanos));
    }

    /**
     * Webhook events by outcome: {@code delivered} (in a 2xx answer), {@code retried} (in a failed POST that will be
     * sent again) or {@code dropped}, with why ({@code queue_full}, {@code retries_exhausted}, {@code shutdown},
     * {@code untracked}; {@code none} otherwise).
     */
    public void webhookEvents(String outcome, String reason, int events) {
        registry.counter("pushserver.webhook.events", "outcome", outcome, "reason", reason).increment(events);
    }

    /** The Prometheus text exposition. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        gcMetrics.close();
        registry.close();
    }
}
