package org.pushserver.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.pushserver.config.ConfigLoader;
import org.pushserver.config.LoginConfig;
import org.pushserver.metrics.PushMetrics;
import org.pushserver.testing.Await;
import org.pushserver.testing.WebhookBackend;
import org.pushserver.testing.WebhookBackend.Answer;
import org.pushserver.testing.WebhookBackend.Call;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link WebhookLogin} against a real HTTP backend (the JDK's server on 127.0.0.1): the answers of the contract,
 * failing closed on every kind of outage, caching, and one call for concurrent logins with one token.
 */
@DisplayName("LOGIN_AUTH=webhook against a real HTTP backend")
class WebhookLoginIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final List<WebhookBackend> backends = new ArrayList<>();
    private final PushMetrics metrics = new PushMetrics();

    @AfterEach
    void stopBackends() {
        backends.forEach(WebhookBackend::close);
        metrics.close();
    }

    @Test
    void aValidTokenIsAcceptedWithTheRoomTheBackendNames() throws Exception {
        WebhookBackend backend = backend(body -> body.get("tokenId").asText().equals("numeric")
                ? answer(200, "{\"valid\":true,\"room\":17}") : answer(200, "{\"valid\":true,\"room\":\"  user-17 \"}"));
        WebhookLogin login = login(backend, 3000, 60_000);

        assertEquals(LoginVerdict.accepted("user-17"), verdict(login.verify("tok-ü-1")));
        assertEquals(LoginVerdict.accepted("17"), verdict(login.verify("numeric")));
        Call call = backend.calls.peek();
        assertEquals("POST", call.method());
        assertEquals("application/json", call.contentType());
        assertEquals(JSON.readTree("{\"tokenId\":\"tok-ü-1\"}"), call.body());
        assertEquals(2, counted("pushserver_login_webhook_calls_total", "outcome", "accepted"));
        assertEquals(2, counted("pushserver_login_webhook_latency_seconds_count", null, null));
    }

    @Test
    void aTokenTheBackendCallsInvalidIsRefusedWithItsReason() {
        WebhookLogin login = login(backend(body -> answer(200, "{\"valid\":false,\"reason\":\"token expired\\nreally\"}")), 3000, 60_000);

        assertEquals(LoginVerdict.refused("token expired really"), verdict(login.verify("old-token")));
        assertEquals(1, counted("pushserver_login_webhook_calls_total", "outcome", "refused"));
    }

    @Test
    void unauthorizedAndForbiddenAnswersAreRefusals() {
        WebhookLogin login = login(backend(body -> body.get("tokenId").asText().equals("a")
                ? answer(401, "") : answer(403, "{\"reason\":\"banned\"}")), 3000, 60_000);

        assertEquals(LoginVerdict.refused("token refused"), verdict(login.verify("a")));
        assertEquals(LoginVerdict.refused("banned"), verdict(login.verify("b")));
        assertEquals(2, counted("pushserver_login_webhook_calls_total", "outcome", "refused"));
    }

    @Test
    void aBackendSlowerThanTheTimeoutIsARefusalWithinTheBoundAndIsNotCached() {
        WebhookBackend backend = backend(body -> answer(200, "{\"valid\":true,\"room\":\"late\"}"));
        backend.holdAnswers();
        WebhookLogin login = login(backend, 300, 60_000);

        long start = System.nanoTime();
        LoginVerdict verdict = verdict(login.verify("slow"));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertEquals(LoginVerdict.refused("login service unavailable"), verdict);
        assertTrue(took.compareTo(Duration.ofMillis(250)) >= 0 && took.compareTo(Duration.ofSeconds(3)) < 0, "took " + took);
        assertEquals(1, counted("pushserver_login_webhook_calls_total", "outcome", "timeout"));

        backend.releaseAnswers();
        assertEquals(LoginVerdict.accepted("late"), verdict(login.verify("slow")), "a timeout is not remembered");
        assertEquals(2, backend.calls.size());
    }

    @Test
    void aBackendThatIsDownIsARefusalThatIsCountedAndNotCached() {
        WebhookBackend backend = backend(body -> answer(200, "{\"valid\":true,\"room\":\"r\"}"));
        WebhookLogin login = login(backend, 2000, 60_000);
        backend.close(); // nothing listens on its port any more

        assertEquals(LoginVerdict.refused("login service unavailable"), verdict(login.verify("t")));
        assertEquals(LoginVerdict.refused("login service unavailable"), verdict(login.verify("t")));
        assertEquals(2, counted("pushserver_login_webhook_calls_total", "outcome", "error"));
    }

    @Test
    void aServerErrorIsARefusalAndTheNextLoginAsksAgain() {
        WebhookBackend backend = backend(body -> answer(503, "{\"valid\":true,\"room\":\"r\"}"));
        WebhookLogin login = login(backend, 3000, 60_000);

        assertEquals(LoginVerdict.refused("login service unavailable"), verdict(login.verify("t")));
        assertEquals(LoginVerdict.refused("login service unavailable"), verdict(login.verify("t")));
        assertEquals(2, backend.calls.size());
        assertEquals(2, counted("pushserver_login_webhook_calls_total", "outcome", "error"));
    }

    @Test
    void malformedAnswersAreRefusalsCountedAsErrors() {
        Map<String, Answer> answers = Map.of(
                "not-json", answer(200, "<html>hello</html>"),
                "array", answer(200, "[true]"),
                "empty", answer(200, ""),
                "string-valid", answer(200, "{\"valid\":\"true\",\"room\":\"r\"}"),
                "no-room", answer(200, "{\"valid\":true}"),
                "blank-room", answer(200, "{\"valid\":true,\"room\":\"  \"}"),
                "object-room", answer(200, "{\"valid\":true,\"room\":{\"id\":1}}"),
                "huge", answer(200, "{\"valid\":true,\"room\":\"r\",\"pad\":\"" + "x".repeat(100_000) + "\"}"),
                "not-found", answer(404, "{\"valid\":true,\"room\":\"r\"}"),
                "redirect", answer(302, ""));
        WebhookLogin login = login(backend(body -> answers.get(body.get("tokenId").asText())), 3000, 60_000);

        for (String token : answers.keySet()) {
            assertEquals(LoginVerdict.refused("login service unavailable"), verdict(login.verify(token)), token);
        }
        assertEquals(answers.size(), counted("pushserver_login_webhook_calls_total", "outcome", "error"));
    }

    @Test
    void acceptedAndRefusedAnswersAreReusedWithinTheCacheLifetime() {
        WebhookBackend backend = backend(body -> body.get("tokenId").asText().equals("good")
                ? answer(200, "{\"valid\":true,\"room\":\"g\"}") : answer(200, "{\"valid\":false}"));
        WebhookLogin login = login(backend, 3000, 60_000);

        for (int i = 0; i < 2; i++) {
            assertEquals(LoginVerdict.accepted("g"), verdict(login.verify("good")));
            assertEquals(LoginVerdict.refused("token refused"), verdict(login.verify("bad")));
        }
        assertEquals(2, backend.calls.size());
        assertEquals(2, counted("pushserver_login_webhook_cache_hits_total", null, null));
    }

    @Test
    void anExpiredAnswerMakesTheNextLoginAskTheBackendAgain() {
        WebhookBackend backend = backend(body -> answer(200, "{\"valid\":true,\"room\":\"r\"}"));
        WebhookLogin login = login(backend, 3000, 300);

        long start = System.nanoTime();
        verdict(login.verify("t"));
        Await.await("the backend asked again after the answer expired", WAIT, () -> {
            verdict(login.verify("t"));
            return backend.calls.size() == 2;
        });
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(300), "asked again before the answer expired");
    }

    @Test
    void withoutACacheEveryLoginAsksTheBackend() {
        WebhookBackend backend = backend(body -> answer(200, "{\"valid\":true,\"room\":\"r\"}"));
        WebhookLogin login = login(backend, 3000, 0);

        verdict(login.verify("t"));
        verdict(login.verify("t"));
        assertEquals(2, backend.calls.size());
    }

    @Test
    void concurrentLoginsWithOneTokenShareOneCallWithoutBlockingTheirCallers() throws Exception {
        WebhookBackend backend = backend(body -> answer(200, "{\"valid\":true,\"room\":\"shared\"}"));
        backend.holdAnswers();
        WebhookLogin login = login(backend, 5000, 0); // no cache: only the call in flight is shared

        int logins = 8;
        ExecutorService callers = Executors.newFixedThreadPool(logins);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<CompletableFuture<LoginVerdict>>> started = new ArrayList<>();
            for (int i = 0; i < logins; i++) {
                started.add(CompletableFuture.supplyAsync(() -> {
                    awaitLatch(go);
                    return login.verify("same-token");
                }, callers));
            }
            go.countDown();
            List<CompletableFuture<LoginVerdict>> verdicts = new ArrayList<>();
            for (CompletableFuture<CompletableFuture<LoginVerdict>> s : started) {
                verdicts.add(s.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)); // verify returned while the backend holds
            }
            Await.await("the backend received the call", WAIT, () -> backend.calls.size() == 1);
            assertTrue(verdicts.stream().noneMatch(CompletableFuture::isDone), "a verdict before the backend answered");

            backend.releaseAnswers();
            for (CompletableFuture<LoginVerdict> v : verdicts) {
                assertEquals(LoginVerdict.accepted("shared"), verdict(v));
            }
            assertEquals(1, backend.calls.size());
            assertEquals(logins - 1, counted("pushserver_login_webhook_cache_hits_total", null, null));
        } finally {
            callers.shutdownNow();
        }
    }

    private static Answer answer(int status, String body) {
        return new Answer(status, body);
    }

    private WebhookBackend backend(Function<JsonNode, Answer> answers) {
        WebhookBackend backend = WebhookBackend.start(answers);
        backends.add(backend);
        return backend;
    }

    private WebhookLogin login(WebhookBackend backend, int timeoutMs, int cacheMs) {
        LoginConfig config = ConfigLoader.load(new String[] {"--login-auth", "webhook", "--login-webhook-url", backend.url(),
                "--login-webhook-timeout-ms", String.valueOf(timeoutMs), "--login-cache-ms", String.valueOf(cacheMs)}, Map.of()).login();
        return new WebhookLogin(config, metrics);
    }

    private static LoginVerdict verdict(CompletableFuture<LoginVerdict> future) {
        try {
            return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("no verdict within " + WAIT + ": " + e, e);
        }
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            latch.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The value of one series of the Prometheus scrape (0 when absent). */
    private long counted(String name, String tag, String value) {
        String labels = tag == null ? "" : "\\{[^}]*" + tag + "=\"" + value + "\"[^}]*}";
        Matcher m = Pattern.compile("(?m)^" + name + labels + " (\\S+)$").matcher(metrics.scrape());
        return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
    }
}
