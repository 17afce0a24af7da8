package org.pushserver.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A JUnit 5 extension that watches the log ({@link ErrorLog}) for each test (instance field) or a whole class (static
 * field, which also covers {@code @BeforeAll}), and fails it when a server logged an ERROR, or with
 * {@link #andWarnings()} a WARN, from a logger not {@linkplain #allowing allowed}. It detaches even when the test
 * failed; the log check then shows as a suppressed failure.
 * <pre>{@code
 * @RegisterExtension
 * final ErrorLogExtension log = ErrorLogExtension.noErrors();
 * }</pre>
 */
public final class ErrorLogExtension extends TestScope {
    private final boolean warnings;
    private final List<String> allowed;
    private ErrorLog log;

    private ErrorLogExtension(boolean warnings, List<String> allowed) {
        this.warnings = warnings;
        this.allowed = allowed;
    }

    /** Fails on any ERROR. */
    public static ErrorLogExtension noErrors() {
        return new ErrorLogExtension(false, List.of());
    }

    /** Fails on WARNs too (but for the known leak report of netty-socketio's replaced initializer, see ErrorLog). */
    public ErrorLogExtension andWarnings() {
        return new ErrorLogExtension(true, allowed);
    }

    /** Ignores events of loggers whose name starts with {@code loggerPrefix} (an expected refusal, say). */
    public ErrorLogExtension allowing(String loggerPrefix) {
        List<String> more = new ArrayList<>(allowed);
        more.add(loggerPrefix);
        return new ErrorLogExtension(warnings, List.copyOf(more));
    }

    @Override
    void open() {
        log = ErrorLog.attach();
    }

    @Override
    void close() {
        if (log == null) {
            return;
        }
        ErrorLog closing = log;
        log = null;
        closing.close();
        Map<String, Integer> unexpected = unexpected(closing.errors());
        if (warnings) {
            unexpected(closing.warnings()).forEach((logger, n) -> unexpected.merge(logger, n, Integer::sum));
        }
        if (!unexpected.isEmpty()) {
            throw new AssertionError("the server logged " + (warnings ? "ERROR/WARN" : "ERROR") + " events: " + unexpected
                    + "; samples " + closing.samples());
        }
    }

    private Map<String, Integer> unexpected(Map<String, Integer> byLogger) {
        Map<String, Integer> out = new TreeMap<>();
        byLogger.forEach((logger, n) -> {
            if (!logger.endsWith(ErrorLog.REPLACED_INITIALIZER_TIMER) && allowed.stream().noneMatch(logger::startsWith)) {
                out.put(logger, n);
            }
        });
        return out;
    }

    /** The events counted so far in this scope: ERRORs by logger. */
    public Map<String, Integer> errors() {
        return current().errors();
    }

    /** WARNs by logger, so far in this scope. */
    public Map<String, Integer> warnings() {
        return current().warnings();
    }

    private ErrorLog current() {
        if (log == null) {
            throw new IllegalStateException("not watching: outside a test's scope");
        }
        return log;
    }
}
