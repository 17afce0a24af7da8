package org.pushserver.testing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/**
 * The fixture extensions tear down what they started even when the test failed: each nested class below fails on
 * purpose (Maven skips nested classes; they are run here through the JUnit launcher), and what it started must be
 * closed afterwards.
 */
class FixtureTeardownIT {
    /** What the failing classes saw while they ran: ports and URLs to check once they ended. */
    private static final List<Integer> SEEN_PORTS = new ArrayList<>();

    @Test
    void aServerPerClassIsClosedAfterAFailedAssertion() {
        TestExecutionSummary summary = run(FailingWithServerPerClass.class);
        assertEquals(1, summary.getTestsFailedCount(), "the nested test ran and failed");
        assertClosed(SEEN_PORTS.get(0));
    }

    @Test
    void aServerPerTestIsClosedAfterAFailedAssertion() {
        TestExecutionSummary summary = run(FailingWithServerPerTest.class);
        assertEquals(1, summary.getTestsFailedCount(), "the nested test ran and failed");
        assertClosed(SEEN_PORTS.get(0));
    }

    @Test
    void aClusterIsClosedNodesFirstThenRedisAfterAFailedAssertion() {
        TestExecutionSummary summary = run(FailingWithCluster.class);
        assertEquals(1, summary.getTestsFailedCount(), "the nested test ran and failed");
        assertEquals(3, SEEN_PORTS.size(), "two nodes and Redis were seen");
        SEEN_PORTS.forEach(FixtureTeardownIT::assertClosed);
    }

    @Test
    void anErrorLoggedDuringATestFailsItWhileAWarningDoesNotUnlessAsked() {
        TestExecutionSummary errors = run(LoggingAnError.class);
        assertEquals(1, errors.getTestsFailedCount());
        Throwable failure = errors.getFailures().get(0).getException();
        assertTrue(failure.getMessage().contains("fixture-teardown-probe"), failure.getMessage());
        assertEquals(0, run(LoggingAWarning.class).getTestsFailedCount(), "a WARN alone passes noErrors()");
        assertEquals(1, run(LoggingAWarningStrictly.class).getTestsFailedCount(), "a WARN fails andWarnings()");
        assertEquals(0, run(LoggingAnAllowedError.class).getTestsFailedCount(), "an allowed logger's ERROR passes");
    }

    @Test
    void theServerIsNotReachableOutsideItsScope() {
        ServerExtension unopened = ServerExtension.withArgs();
        assertThrows(IllegalStateException.class, unopened::port);
    }

    private static TestExecutionSummary run(Class<?> testClass) {
        SEEN_PORTS.clear();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(request().selectors(selectClass(testClass)).build(), listener);
        TestExecutionSummary summary = listener.getSummary();
        assertEquals(1, summary.getTestsStartedCount(), testClass.getSimpleName() + " ran its test");
        assertNull(summary.getFailures().stream().filter(f -> f.getTestIdentifier().isContainer()).findFirst().orElse(null),
                "no class-level failure");
        return summary;
    }

    private static void assertClosed(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            throw new AssertionError("port " + port + " still accepts connections");
        } catch (IOException expected) {
            // refused: closed
        }
    }

    static class FailingWithServerPerClass {
        @RegisterExtension
        static final ServerExtension server = ServerExtension.withArgs();

        @Test
        void fails() {
            SEEN_PORTS.add(server.port());
            assertEquals(200, server.get("/health").statusCode());
            throw new AssertionError("on purpose");
        }
    }

    static class FailingWithServerPerTest {
        @RegisterExtension
        final ServerExtension server = ServerExtension.withArgs();

        @Test
        void fails() {
            SEEN_PORTS.add(server.port());
            throw new AssertionError("on purpose");
        }
    }

    static class FailingWithCluster {
        @RegisterExtension
        static final ClusterExtension cluster = ClusterExtension.of(2, "--node-ttl-ms", "3000");

        @Test
        void fails() {
            SEEN_PORTS.add(cluster.node(0).port());
            SEEN_PORTS.add(cluster.node(1).port());
            String url = cluster.redis().url();
            SEEN_PORTS.add(Integer.parseInt(url.substring(url.lastIndexOf(':') + 1)));
            assertEquals(200, cluster.node(1).get("/health/ready").statusCode());
            throw new AssertionError("on purpose");
        }
    }

    static class LoggingAnError {
        @RegisterExtension
        final ErrorLogExtension log = ErrorLogExtension.noErrors();

        @Test
        void logs() {
            LoggerFactory.getLogger("fixture-teardown-probe").error("an error on purpose");
        }
    }

    static class LoggingAWarning {
        @RegisterExtension
        final ErrorLogExtension log = ErrorLogExtension.noErrors();

        @Test
        void logs() {
            LoggerFactory.getLogger("fixture-teardown-probe").warn("a warning on purpose");
        }
    }

    static class LoggingAWarningStrictly {
        @RegisterExtension
        final ErrorLogExtension log = ErrorLogExtension.noErrors().andWarnings();

        @Test
        void logs() {
            LoggerFactory.getLogger("fixture-teardown-probe").warn("a warning on purpose");
        }
    }

    static class LoggingAnAllowedError {
        @RegisterExtension
        final ErrorLogExtension log = ErrorLogExtension.noErrors().allowing("fixture-teardown");

        @Test
        void logs() {
            LoggerFactory.getLogger("fixture-teardown-probe").error("an allowed error");
        }
    }
}
