package org.pushserver;

import org.pushserver.api.BroadcastRoute;
import org.pushserver.api.Cors;
import org.pushserver.api.Drain;
import org.pushserver.api.HealthRoute;
import org.pushserver.api.HistoryRoute;
import org.pushserver.api.HttpRouter;
import org.pushserver.api.IdempotentRoute;
import org.pushserver.api.MessageFateRoute;
import org.pushserver.api.MetricsRoute;
import org.pushserver.api.PresenceRoute;
import org.pushserver.api.PublishGate;
import org.pushserver.api.PushRequestParser;
import org.pushserver.api.PushRoute;
import org.pushserver.api.Route;
import org.pushserver.api.StaticRoute;
import org.pushserver.api.devices.DeviceRoute;
import org.pushserver.api.devices.VapidKeyRoute;
import org.pushserver.auth.ApiKeys;
import org.pushserver.auth.JwtLogin;
import org.pushserver.auth.LoginVerifier;
import org.pushserver.auth.RequestSignature;
import org.pushserver.auth.TrustedLogin;
import org.pushserver.auth.WebhookLogin;
import org.pushserver.bundle.ClientBundle;
import org.pushserver.bundle.ClientBundleRequests;
import org.pushserver.clientevents.ClientEventForwarder;
import org.pushserver.cluster.RedisBroadcaster;
import org.pushserver.config.AppConfig;
import org.pushserver.config.ClientEventsConfig;
import org.pushserver.config.LoginConfig;
import org.pushserver.delivery.Broadcaster;
import org.pushserver.delivery.LocalBroadcaster;
import org.pushserver.delivery.PresenceListener;
import org.pushserver.history.InMemoryHistory;
import org.pushserver.history.MessageLog;
import org.pushserver.idempotency.FirstAnswers;
import org.pushserver.idempotency.InMemoryFirstAnswers;
import org.pushserver.limits.LocalWindowCounter;
import org.pushserver.limits.WindowCounter;
import org.pushserver.metrics.PushMetrics;
import org.pushserver.mobile.DeviceParser;
import org.pushserver.mobile.DeviceRegistry;
import org.pushserver.mobile.EndpointPolicy;
import org.pushserver.mobile.InMemoryDevices;
import org.pushserver.mobile.MobileFallback;
import org.pushserver.mobile.MobileProvider;
import org.pushserver.mobile.MobileSender;
import org.pushserver.mobile.Platform;
import org.pushserver.mobile.providers.ConfiguredProviders;
import org.pushserver.publish.Publisher;
import org.pushserver.recovery.InMemorySavedSessions;
import org.pushserver.recovery.SavedSessions;
import org.pushserver.socket.SocketServer;
import org.pushserver.socket.SocketServerFactory;
import org.pushserver.socket.delivery.SocketRooms;
import org.pushserver.socket.devices.DeviceEvents;
import org.pushserver.socket.events.ClientEventListener;
import org.pushserver.socket.login.ConnectionRecovery;
import org.pushserver.socket.login.LoginFlow;
import org.pushserver.socket.login.LoginListener;
import org.pushserver.socket.login.MissedMessages;
import org.pushserver.webhook.WebhookSigner;
import org.pushserver.webhook.WebhookStore;
import org.pushserver.webhook.Webhooks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;

/** Wires every part by constructor, and starts and stops them in order. The only place that knows all parts. */
public final class PushServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PushServer.class);

    private final AppConfig config;
    private final PushMetrics metrics = new PushMetrics();
    private final Drain drain = new Drain();
    private final SocketRooms rooms;
    private final Broadcaster broadcaster;
    private final MessageLog history;
    private final SavedSessions savedSessions;
    private final ApiKeys apiKeys;
    private final ApiKeys opsKeys;
    private final SocketServer sockets;
    private final Map<Platform, MobileProvider> providers;
    private final MobileSender mobileSender;
    private final Webhooks webhooks;

    public PushServer(AppConfig config) {
        this(config, null);
    }

    /**
     * With {@code loginVerifier} instead of the one {@code LOGIN_AUTH} names (null: that one): for tests, e.g. a
     * verifier whose verdicts come later. Connection credentials are still accepted only when {@code LOGIN_AUTH} is not none.
     */
    public PushServer(AppConfig config, LoginVerifier loginVerifier) {
        this.config = config;
        this.rooms = new SocketRooms(config.socket().maxQueuedPackets(), PresenceListener.deferred(this::broadcaster)
                        .andThen(PresenceListener.deferred(this::webhooks)), metrics,
                (id, token) -> history().delivered(id, token)); // an ack: the history is built after the rooms
        WindowCounter counter;
        FirstAnswers localAnswers = new InMemoryFirstAnswers(config.history().idempotencyWindow(),
                config.history().idempotencyKeys(), config.history().maxBytes(), config.api().requestTimeout());
        FirstAnswers firstAnswers;
        SavedSessions localSessions = new InMemorySavedSessions(config.recovery().window(), config.recovery().maxSessions());
        DeviceRegistry devices; // mobile and web push (docs/MOBILE.md)
        if (config.cluster().enabled()) {
            RedisBroadcaster cluster = RedisBroadcaster.connect(config.cluster(), rooms, metrics);
            this.broadcaster = cluster;
            counter = cluster.windowCounter(); // limits and replays hold for the whole cluster
            this.webhooks = Webhooks.start(config.webhook(), cluster.webhookStore(), metrics); // each event decided once
            this.history = webhooks.tracking(cluster.history(config.history())); // ids ordered and history kept cluster-wide
            firstAnswers = cluster.firstAnswers(config.history(), localAnswers, config.api().requestTimeout());
            this.savedSessions = cluster.savedSessions(config.recovery(), localSessions); // recovery through any node
            devices = cluster.devices(config.mobile().maxDevicesPerToken()); // one registry for the cluster
        } else {
            this.broadcaster = new LocalBroadcaster(rooms);
            counter = new LocalWindowCounter();
            this.webhooks = Webhooks.start(config.webhook(), WebhookStore.local(), metrics);
            this.history = webhooks.tracking(new InMemoryHistory(config.history(), metrics));
            firstAnswers = localAnswers;
            this.savedSessions = localSessions;
            devices = new InMemoryDevices(config.mobile().maxDevicesPerToken());
        }
        this.providers = ConfiguredProviders.of(config.mobile());
        this.mobileSender = new MobileSender(providers, devices, config.mobile(), metrics);
        DeviceParser deviceParser = new DeviceParser(providers.keySet(), new EndpointPolicy(config.mobile().webPush().allowedHosts()));
        this.apiKeys = new ApiKeys(config.auth().apiKeys());
        this.opsKeys = new ApiKeys(config.auth().opsKeys());
        Cors cors = new Cors(config.socket().corsOrigins());
        PushRequestParser parser = new PushRequestParser(config.api().maxTokensPerPush(), config.api().maxBodyBytes(),
                config.history().maxTtlSeconds());
        HealthRoute.Sources health = new HealthRoute.Sources(version(), System.currentTimeMillis(),
                this::connections, rooms::tokenCount, broadcaster, drain);
        Publisher publisher = new Publisher(broadcaster, history, metrics, new MobileFallback(devices, mobileSender, history, metrics));
        Map<String, Route> routes = new HashMap<>(Map.of( // Map.of takes 10 pairs: more routes are put below
                "/api", new IdempotentRoute("/api", new PushRoute(parser, publisher), firstAnswers, metrics),
                "/api/broadcast", new IdempotentRoute("/api/broadcast", new BroadcastRoute(parser, broadcaster, history, metrics,
                        counter, config.api().broadcastsPerMinute()), firstAnswers, metrics),
                "/api/history", new HistoryRoute(history, config.history().size()),
                MessageFateRoute.PREFIX, new MessageFateRoute(history),
                "/api/online", new PresenceRoute(parser, broadcaster),
                "/health", new HealthRoute(HealthRoute.Probe.FULL, health),
                "/health/live", new HealthRoute(HealthRoute.Probe.LIVE, health),
                "/health/ready", new HealthRoute(HealthRoute.Probe.READY, health),
                "/metrics", new MetricsRoute(metrics)));
        routes.put(VapidKeyRoute.PATH, new VapidKeyRoute(config.mobile().webPush()));
        routes.put("/api/devices", new DeviceRoute(parser, deviceParser, devices));
        PublishGate gate = new PublishGate(apiKeys, new RequestSignature(apiKeys, config.auth().hmacMaxSkew()), opsKeys,
                counter, new PublishGate.Limits(config.api().pushesPerSecondPerKey()), cors, metrics);
        HttpRouter router = new HttpRouter(routes, new StaticRoute(), gate, drain, cors, metrics);
        LoginConfig login = config.login();
        MissedMessages missed = new MissedMessages(history, rooms, metrics, config.history().size());
        LoginFlow loginFlow = new LoginFlow(loginVerifier != null ? loginVerifier : loginVerifier(login),
                login.maxFailures(), login.loginsPerMinute(), config.socket().maxSocketsPerToken(), rooms, missed, metrics);
        ConnectionRecovery recovery = connectionRecovery(missed);
        LoginListener logins = new LoginListener(loginFlow, metrics, login.mode() != LoginConfig.Mode.NONE, recovery);
        String line = config.socket().clientBundle();
        ClientBundle bundle = line.equals("off") ? ClientBundle.off() : ClientBundle.load(line);
        log.info("client bundle: {}", line.equals("off") ? "off (CLIENT_BUNDLE=off)"
                : "socket.io-client " + bundle.version() + " at " + config.socket().path() + "/socket.io.js");
        ClientBundleRequests clientBundle = new ClientBundleRequests(config.socket().path(), bundle, metrics);
        this.sockets = SocketServerFactory.create(config.server(), config.socket(), config.api(), config.tls(), cors, router,
                clientBundle, metrics, logins, recovery != null ? recovery::replied : head -> { });
        logins.register(sockets.io());
        new DeviceEvents(deviceParser, devices).register(sockets.io());
        registerClientEvents(parser, publisher);
        registerGauges();
    }

    /** Client events (issue 14): allow-listed socket events forwarded to the backend, whose answer may publish. */
    private void registerClientEvents(PushRequestParser parser, Publisher publisher) {
        ClientEventsConfig events = config.clientEvents();
        if (!events.enabled()) {
            return;
        }
        ClientEventForwarder forwarder = new ClientEventForwarder(events, config.api().maxBodyBytes(),
                new WebhookSigner(config.webhook().secrets()), parser, publisher, metrics);
        new ClientEventListener(events.events(), events.perSecond(), forwarder).register(sockets.io());
        metrics.gauge("pushserver.client.events.in.flight", "Client events waiting for the backend", forwarder,
                ClientEventForwarder::inFlight);
        log.info("client events {} forwarded to {}", events.events(), events.url().getHost());
    }

    /** Connection-state recovery for socket.io-client 4.6+, or null when it is off (no window, or no history). */
    private ConnectionRecovery connectionRecovery(MissedMessages missed) {
        if (!config.recovery().enabled() || !config.history().enabled()) {
            return null;
        }
        return new ConnectionRecovery(savedSessions, history, rooms, missed, metrics, config.socket().maxSocketsPerToken(),
                config.history().size(), config.cluster().redisTimeout());
    }

    private LoginVerifier loginVerifier(LoginConfig login) {
        return switch (login.mode()) {
            case NONE -> {
                log.warn("LOGIN_AUTH=none: user_login is NOT verified. Any client can log in with any tokenId and read "
                        + "that user's pushes. Set LOGIN_AUTH=jwt (with JWT_SECRET, JWT_PUBLIC_KEY_FILE or JWKS_FILE) or "
                        + "LOGIN_AUTH=webhook (with LOGIN_WEBHOOK_URL) so that the backend vouches for each login.");
                yield new TrustedLogin();
            }
            case JWT -> new JwtLogin(login);
            case WEBHOOK -> new WebhookLogin(login, metrics);
        };
    }

    private void registerGauges() {
        for (String transport : new String[] {"websocket", "polling"}) {
            for (String eio : new String[] {"3", "4"}) {
                metrics.gauge("pushserver.connections", "Open Socket.IO connections", sockets,
                        s -> s.sessions(transport, eio), "transport", transport, "protocol", "EIO" + eio);
            }
        }
        metrics.gauge("pushserver.tokens.online", "Tokens with a socket on this node", rooms, SocketRooms::tokenCount);
        metrics.gauge("pushserver.sockets.logged.in", "Sockets logged in on this node", rooms, SocketRooms::loggedInSockets);
        metrics.gauge("pushserver.mobile.queue.depth", "Notifications to devices held: queued, in flight or waiting to retry",
                mobileSender, MobileSender::depth);
        metrics.gauge("pushserver.history.messages", "History, inbox and fate entries held in memory on this node", history,
                h -> h.held().messages());
        metrics.gauge("pushserver.history.bytes", "Approximate bytes of history, inbox and fates held in memory on this node",
                history, h -> h.held().bytes());
    }

    /** Binds the port and starts serving; returns this. */
    public PushServer start() {
        sockets.start();
        log.info("push-server {} listening on {}:{} path {} store {} {}", version(), config.server().host(), port(),
                config.socket().path(), broadcaster.status().mode(),
                apiKeys.protectedMode()
                        ? "PROTECTED MODE: no API_KEYS set, /api accepts loopback callers only"
                        : "API keys: " + apiKeys.size() + " configured");
        return this;
    }

    /**
     * Applies what may change while running (SIGHUP): the API and ops keys, so a key is rotated without downtime.
     * Other settings need a restart; they are left as they are.
     */
    public void reload(AppConfig fresh) {
        apiKeys.replace(fresh.auth().apiKeys());
        opsKeys.replace(fresh.auth().opsKeys());
        log.info("reloaded: {} API keys, {} ops keys", apiKeys.size(), opsKeys.size());
    }

    /**
     * What the server remembers of messages: the socket side resumes ({@link MessageLog#since}), empties the inbox at
     * login ({@link MessageLog#takeInbox}) and records deliveries ({@link MessageLog#delivered}) through it.
     */
    public MessageLog history() {
        return history;
    }

    /** The Socket.IO server and its connections: for tests that look at a live connection's pipeline. */
    public SocketServer sockets() {
        return sockets;
    }

    /** The bound port (useful with port 0). */
    public int port() {
        return sockets.port();
    }

    /** Graceful stop: stop accepting, let /api requests in flight finish, close every connection, release all. */
    @Override
    public void close() {
        try {
            sockets.stopAccepting();
            if (!drain.drain(config.server().shutdownTimeout())) {
                log.warn("requests still in flight after {}; closing anyway", config.server().shutdownTimeout());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        mobileSender.close();
        providers.values().forEach(MobileProvider::close);
        webhooks.close(); // hands this node's tokens to the offline grace, sends what waits (briefly)
        broadcaster.close(); // leaves cluster presence at once, before clients reconnect elsewhere
        history.close();
        sockets.close(config.server().shutdownTimeout()); // clients see a transport close and reconnect
        metrics.close();
        log.info("push-server stopped");
    }

    /** The rooms are built before the broadcaster that needs them, so they reach it through this. */
    private Broadcaster broadcaster() {
        return broadcaster;
    }

    /** Built after the rooms too. */
    private Webhooks webhooks() {
        return webhooks;
    }

    private int connections() {
        return sockets.sessions();
    }

    /** This server's version, from the jar manifest. */
    public static String version() {
        String v = PushServer.class.getPackage().getImplementationVersion();
        return v != null ? v : "dev";
    }
}
