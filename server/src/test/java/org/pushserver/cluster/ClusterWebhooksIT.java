package org.pushserver.cluster;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pushserver.testing.ClusterExtension;
import org.pushserver.testing.RunningServer;
import org.pushserver.testing.ServerProcess;
import org.pushserver.testing.SocketClient;
import org.pushserver.testing.WebhookReceiver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pushserver.cluster.ClusterTesting.json;
import static org.pushserver.cluster.ClusterTesting.token;
import static org.pushserver.testing.Await.await;

/** Webhooks of a 2-node cluster: one event per transition and per expiry, whichever node sees what, and a dead node. */
class ClusterWebhooksIT {
    private static final String SECRET = "cluster-webhook-secret-0123456789";
    private static final long NODE_TTL_MS = 3000;
    private static final long GRACE_MS = 300;
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final WebhookReceiver receiver = WebhookReceiver.start();
    @RegisterExtension
    static final ClusterExtension cluster = ClusterExtension.of(2, "--node-ttl-ms", Long.toString(NODE_TTL_MS),
            "--redis-timeout-ms", "1000", "--webhook-url", receiver.url(), "--webhook-secret", SECRET,
            "--webhook-offline-grace-ms", Long.toString(GRACE_MS), "--webhook-batch-ms", "50",
            "--webhook-max-retry-ms", "2000", "--webhook-timeout-ms", "1000");

    @AfterAll
    static void closeReceiver() {
        receiver.close();
    }

    /** A token that comes and goes after the others: once its offline is in, any duplicate of theirs would be too. */
    private static void markerComesAndGoes(RunningServer node) {
        String marker = token();
        try (SocketClient c = SocketClient.connect(node.url())) {
            c.loginAs(marker);
            await("the marker online", WAIT, () -> receiver.eventsOf(marker).contains("token_online:" + marker));
        }
        await("the marker offline", WAIT, () -> receiver.eventsOf(marker).contains("token_offline:" + marker));
    }

    @Test
    void socketsOfOneTokenComingAndGoingOnBothNodesAtOnceGiveExactlyOneOnlineAndOneOffline() {
        RunningServer a = cluster.node(0);
        RunningServer b = cluster.node(1);
        List<String> tokens = List.of(token(), token(), token(), token(), token());
        List<SocketClient> clients = new ArrayList<>();
        try {
            List<CompletableFuture<SocketClient>> connecting = new ArrayList<>();
            for (int i = 0; i < tokens.size(); i++) {
                connecting.add(CompletableFuture.supplyAsync(() -> SocketClient.connect(a.url())));
                connecting.add(CompletableFuture.supplyAsync(() -> SocketClient.connect(b.url())));
            }
            connecting.forEach(f -> clients.add(f.join()));
            List<CompletableFuture<?>> logins = new ArrayList<>(); // each token on A and on B, all at once
            for (int i = 0; i < clients.size(); i++) {
                logins.add(clients.get(i).loginAsync(tokens.get(i / 2)));
            }
            logins.forEach(CompletableFuture::join);
            for (String t : tokens) {
                await("token_online of " + t, WAIT, () -> receiver.eventsOf(t).contains("token_online:" + t));
            }
        } finally {
            clients.stream().map(c -> CompletableFuture.runAsync(c::close)).toList().forEach(CompletableFuture::join); // all at once
        }
        for (String t : tokens) {
            await("token_offline of " + t, WAIT, () -> receiver.eventsOf(t).contains("token_offline:" + t));
        }
        markerComesAndGoes(b);
        for (String t : tokens) {
            assertEquals(List.of("token_online:" + t, "token_offline:" + t), receiver.eventsOf(t), "exactly one of each, cluster-wide");
        }
        assertTrue(receiver.requests().stream().allMatch(r -> WebhookReceiver.signedWith(r, SECRET)));
    }

    @Test
    void aSocketMovingFromOneNodeToTheOtherWithinTheGraceGivesNoPair() {
        String t = token();
        SocketClient onA = SocketClient.connect(cluster.node(0).url());
        onA.loginAs(t);
        await("token_online", WAIT, () -> receiver.eventsOf(t).contains("token_online:" + t));
        // connected first, so that only the login has to come within the grace, however slow the machine connects
        try (SocketClient onB = SocketClient.connect(cluster.node(1).url())) {
            onA.close(); // the reload lands on the other node
            onB.loginAs(t);
            markerComesAndGoes(cluster.node(0));
            assertEquals(List.of("token_online:" + t), receiver.eventsOf(t), "no offline + online pair");
        }
        await("token_offline", WAIT, () -> receiver.eventsOf(t).contains("token_offline:" + t));
    }

    @Test
    void aNodeThatDiesWithoutAGoodbyeStillGivesItsTokensTokenOffline() throws Exception {
        String t = token();
        try (ServerProcess victim = ServerProcess.start(List.of(), cluster.nodeArgs())) {
            SocketClient c = SocketClient.connect(victim.url());
            try {
                c.loginAs(t);
                await("token_online from the victim", WAIT, () -> receiver.eventsOf(t).contains("token_online:" + t));
                ProcessHandle.of(victim.pid()).ifPresent(ProcessHandle::destroyForcibly); // SIGKILL: no left() calls
                await("the victim is gone", WAIT, () -> !victim.alive());
            } finally {
                c.close();
            }
            long killed = System.nanoTime();
            await("token_offline once the dead node is reaped and the grace passed", WAIT,
                    () -> receiver.eventsOf(t).contains("token_offline:" + t));
            long after = Duration.ofNanos(System.nanoTime() - killed).toMillis();
            assertTrue(after >= GRACE_MS, "not before the grace: " + after + " ms");
        }
        markerComesAndGoes(cluster.node(0));
        assertEquals(List.of("token_online:" + t, "token_offline:" + t), receiver.eventsOf(t));
    }

    @Test
    void aMessageWhoseTtlPassesGivesMessageExpiredOnceAcrossTheCluster() {
        String away = token();
        String first = json(cluster.node(0).post("/api", "{\"tokens\":[\"" + away + "\"],\"entityType\":\"chat\",\"ttl\":1}")).get("id").asText();
        await("message_expired", WAIT, () -> receiver.eventsOf(away).contains("message_expired:" + away + ":" + first));
        String second = json(cluster.node(1).post("/api", "{\"tokens\":[\"" + away + "\"],\"entityType\":\"chat\",\"ttl\":1}")).get("id").asText();
        await("the later message_expired", WAIT, () -> receiver.eventsOf(away).contains("message_expired:" + away + ":" + second));
        assertEquals(List.of("message_expired:" + away + ":" + first, "message_expired:" + away + ":" + second), receiver.eventsOf(away),
                "each once, though both nodes sweep");
    }
}
