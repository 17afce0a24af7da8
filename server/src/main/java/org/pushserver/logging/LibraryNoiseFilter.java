package org.pushserver.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

import java.util.List;

/**
 * netty-socketio logs what a client sent wrong at ERROR, with the packet's content and a stack trace, once per packet:
 * a log flood any client can cause, and a leak of whatever the packet carried. Installed in {@code logback.xml}, this
 * filter drops those events and writes one line instead, from {@value #LOGGER}: the session and the cause's type,
 * never the packet nor the exception's message (both carry what the client sent, a credential as likely as not).
 * Everything else those loggers say passes unchanged, and so does a known message whose cause is not the client's
 * input (a bug in a handler, a released buffer, see {@link ClientInput}): real errors stay ERRORs with their stack
 * trace.
 *
 * <table>
 *   <caption>The known noise</caption>
 *   <tr><th>logger</th><th>message</th><th>becomes</th></tr>
 *   <tr><td>{@code handler.InPacketHandler}</td><td>Error during data processing (a packet that does not decode)</td>
 *       <td>WARN {@code bad packet from session …, connection closed: …}</td></tr>
 *   <tr><td>{@code JsonSupportWrapper}</td><td>Can't read value / ack args (event JSON that does not parse; the
 *       InPacketHandler line above follows for the same packet)</td><td>DEBUG</td></tr>
 *   <tr><td>{@code transport.PollingTransport}</td><td>… is not registered (a poll racing its session's close; a
 *       client's poll for an unknown session is answered by {@code EngineIoRequests} before it)</td><td>DEBUG</td></tr>
 *   <tr><td>{@code transport.PollingTransport}</td><td>Wrong method invocation</td><td>WARN</td></tr>
 * </table>
 */
public final class LibraryNoiseFilter extends TurboFilter {
    /** The logger of the lines this filter writes. */
    public static final String LOGGER = "org.pushserver.logging.LibraryNoise";
    private static final String LIBRARY = "com.corundumstudio.socketio.";
    private static final int MAX_MESSAGE = 160;

    /** One known message: its logger, how it starts, whether only a client-input cause makes it noise, our level. */
    private record Noise(String logger, String prefix, boolean inputCauseOnly, Level level, String line) {
    }

    private static final List<Noise> NOISE = List.of(
            new Noise(LIBRARY + "handler.InPacketHandler", "Error during data processing", true, Level.WARN,
                    "bad packet from session %s, connection closed: %s"),
            new Noise(LIBRARY + "JsonSupportWrapper", "Can't read ", true, Level.DEBUG,
                    "undecodable event arguments%s: %s"),
            new Noise(LIBRARY + "transport.PollingTransport", "Wrong {} method invocation", false, Level.WARN,
                    "polling request with a wrong method%s%s"),
            new Noise(LIBRARY + "transport.PollingTransport", "{} is not registered", false, Level.DEBUG,
                    "poll for session %s, which is closed%s"));

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (format == null || level == null || !level.isGreaterOrEqual(Level.WARN) || !logger.getName().startsWith(LIBRARY)) {
            return FilterReply.NEUTRAL;
        }
        for (Noise noise : NOISE) {
            if (noise.logger().equals(logger.getName()) && format.startsWith(noise.prefix())
                    && (!noise.inputCauseOnly() || ClientInput.caused(t))) {
                write(noise, format, params, t);
                return FilterReply.DENY;
            }
        }
        return FilterReply.NEUTRAL;
    }

    private void write(Noise noise, String format, Object[] params, Throwable t) {
        Logger ours = ((LoggerContext) getContext()).getLogger(LOGGER);
        if (!ours.isEnabledFor(noise.level())) {
            return;
        }
        String subject = switch (noise.prefix()) {
            case "Error during data processing" -> sessionOf(format);
            case "{} is not registered" -> params != null && params.length > 0 ? sanitise(String.valueOf(params[0])) : "?";
            case "Wrong {} method invocation" -> params != null && params.length > 0 ? " " + sanitise(String.valueOf(params[0])) : "";
            default -> "";
        };
        String cause = t == null ? "" : ClientInput.describe(t);
        ours.log(null, LOGGER, Level.toLocationAwareLoggerInteger(noise.level()), String.format(noise.line(), subject, cause), null, null);
    }

    /** The session id of "Error during data processing. Client sessionId: ID, data: …" (the data is never logged). */
    private static String sessionOf(String message) {
        String marker = "sessionId: ";
        int start = message.indexOf(marker);
        if (start < 0) {
            return "?";
        }
        start += marker.length();
        int end = message.indexOf(',', start);
        return sanitise(message.substring(start, end < 0 ? Math.min(message.length(), start + 36) : end));
    }

    /** One line, bounded, without control characters (they would forge log lines). */
    static String sanitise(String text) {
        String flat = text.replaceAll("\\p{Cntrl}", " ");
        return flat.length() <= MAX_MESSAGE ? flat : flat.substring(0, MAX_MESSAGE) + "…";
    }
}
