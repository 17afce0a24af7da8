package org.pushserver.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.TreeMap;

/**
 * Counts the log events of WARN and above by logger while attached to the root logger, keeping one sample message
 * per logger: a battery checks that bad input does not flood the log with ERRORs.
 */
public final class ErrorLog extends AppenderBase<ILoggingEvent> implements AutoCloseable {
    /** How {@link #warnings()} names the known leak report of a replaced initializer's timer (not bad input). */
    static final String REPLACED_INITIALIZER_TIMER = " (HashedWheelTimer of a replaced initializer)";
    private final Map<String, Integer> errors = new TreeMap<>();
    private final Map<String, Integer> warnings = new TreeMap<>();
    private final Map<String, String> samples = new TreeMap<>();
    private final Logger root;

    private ErrorLog() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        setContext(context);
        setName("battery-error-log");
        start();
        root.addAppender(this);
    }

    /** Starts counting. */
    public static ErrorLog attach() {
        return new ErrorLog();
    }

    @Override
    protected synchronized void append(ILoggingEvent event) {
        if (isReplacedInitializerTimer(event)) {
            warnings.merge(event.getLoggerName() + REPLACED_INITIALIZER_TIMER, 1, Integer::sum);
            return;
        }
        if (event.getLevel().isGreaterOrEqual(Level.WARN)) {
            String key = event.getLoggerName() + (event.getLevel() == Level.ERROR ? " ERROR" : " WARN");
            (event.getLevel() == Level.ERROR ? errors : warnings).merge(event.getLoggerName(), 1, Integer::sum);
            samples.putIfAbsent(key, abbreviate(event.getFormattedMessage()));
        }
    }

    /**
     * A known artifact, not bad input: every netty-socketio server builds a default channel initializer with a timer,
     * which the server's own initializer replaces and which is never stopped; once collected, Netty's leak detector
     * reports that timer at ERROR (for any server of this JVM, whenever a later allocation looks). Counted as a warning.
     */
    private static boolean isReplacedInitializerTimer(ILoggingEvent event) {
        return event.getLoggerName().equals("io.netty.util.ResourceLeakDetector")
                && String.valueOf(event.getFormattedMessage()).contains("HashedWheelTimer.release()");
    }

    private static String abbreviate(String message) {
        return message == null || message.length() <= 160 ? message : message.substring(0, 160) + "…";
    }

    /** ERROR events by logger. */
    public synchronized Map<String, Integer> errors() {
        return new TreeMap<>(errors);
    }

    /** WARN events by logger. */
    public synchronized Map<String, Integer> warnings() {
        return new TreeMap<>(warnings);
    }

    /** One message per logger and level, to show what was logged. */
    public synchronized Map<String, String> samples() {
        return new TreeMap<>(samples);
    }

    @Override
    public void close() {
        root.detachAppender(this);
        stop();
    }
}
