package org.pushserver.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.core.JsonParseException;
import io.netty.util.IllegalReferenceCountException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** netty-socketio's per-packet ERRORs become one line of ours; its real errors stay ERRORs with their stack trace. */
class LibraryNoiseFilterTest {
    private static final String IN_PACKET = "com.corundumstudio.socketio.handler.InPacketHandler";
    private static final String JSON_SUPPORT = "com.corundumstudio.socketio.JsonSupportWrapper";
    private static final String POLLING = "com.corundumstudio.socketio.transport.PollingTransport";
    private static final String PACKET = "42[\"user_login\",{\"tokenId\":\"secret-jwt-value\"";

    private final LoggerContext context = new LoggerContext();
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeEach
    void install() {
        LibraryNoiseFilter filter = new LibraryNoiseFilter();
        filter.setContext(context);
        filter.start();
        context.addTurboFilter(filter);
        logged.setContext(context);
        logged.start();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(logged);
        context.getLogger("com.corundumstudio.socketio").setLevel(Level.WARN);
    }

    @Test
    void anUndecodablePacketIsOneWarnLineWithTheSessionAndNeitherThePacketNorAStackTrace() {
        IOException unreadable = new IOException(new JsonParseException(null, "Unexpected end-of-input: secret-jwt-value"));
        context.getLogger(JSON_SUPPORT).error("Can't read value: " + PACKET + " for type: class java.lang.Object", unreadable);
        context.getLogger(IN_PACKET).error("Error during data processing. Client sessionId: 5d1c-77, data: " + PACKET, unreadable);

        ILoggingEvent line = only();
        assertEquals(LibraryNoiseFilter.LOGGER, line.getLoggerName());
        assertEquals(Level.WARN, line.getLevel());
        assertEquals("bad packet from session 5d1c-77, connection closed: JsonParseException", line.getFormattedMessage());
        assertNull(line.getThrowableProxy(), "no stack trace");
    }

    @Test
    void anExceptionThrownByTheDecoderIsClientInputToo() {
        IllegalStateException decoder = thrownBy("com.corundumstudio.socketio.protocol.PacketDecoder", new IllegalStateException("Can't parse 9"));
        context.getLogger(IN_PACKET).error("Error during data processing. Client sessionId: s-1, data: 9999", decoder);
        assertEquals("bad packet from session s-1, connection closed: IllegalStateException", only().getFormattedMessage());
        IndexOutOfBoundsException inBuffer = thrownBy("io.netty.buffer.AbstractByteBuf", new IndexOutOfBoundsException("readerIndex"));
        inBuffer.setStackTrace(new StackTraceElement[] {frame("io.netty.buffer.AbstractByteBuf"), frame("java.lang.String"),
                frame("com.corundumstudio.socketio.protocol.PacketDecoder")});
        logged.list.clear();
        context.getLogger(IN_PACKET).error("Error during data processing. Client sessionId: s-2, data: 4", inBuffer);
        assertEquals(Level.WARN, only().getLevel(), "the first frame past the JDK and Netty's buffers decides");
    }

    @Test
    void aFailureOfNettySocketiosOwnPacketHandlingIsOneWarnLineWithoutThePacket() {
        NullPointerException npe = thrownBy("com.corundumstudio.socketio.handler.ClientHead", new NullPointerException());
        context.getLogger(IN_PACKET).error("Error during data processing. Client sessionId: s-4, data: 5secret", npe);
        ILoggingEvent line = only();
        assertEquals(LibraryNoiseFilter.LOGGER, line.getLoggerName());
        assertEquals(Level.WARN, line.getLevel());
        assertEquals(false, line.getFormattedMessage().contains("secret"), line.getFormattedMessage());
    }

    @Test
    void aBugBehindTheSameMessageStaysAnErrorWithItsStackTrace() {
        NullPointerException bug = thrownBy("org.pushserver.socket.LoginFlow", new NullPointerException("room"));
        context.getLogger(IN_PACKET).error("Error during data processing. Client sessionId: s-3, data: 40", bug);
        ILoggingEvent line = only();
        assertEquals(IN_PACKET, line.getLoggerName());
        assertEquals(Level.ERROR, line.getLevel());
        assertNotNull(line.getThrowableProxy(), "a real error keeps its stack trace");

        logged.list.clear();
        IllegalReferenceCountException released = thrownBy("io.netty.buffer.AbstractReferenceCountedByteBuf",
                new IllegalReferenceCountException(0));
        released.setStackTrace(new StackTraceElement[] {frame("io.netty.buffer.AbstractReferenceCountedByteBuf"),
                frame("com.corundumstudio.socketio.protocol.PacketDecoder")});
        context.getLogger(IN_PACKET).error("Error during data processing. Client sessionId: s-4, data: 42", released);
        assertEquals(Level.ERROR, only().getLevel(), "a released buffer is our bug, even inside the decoder");
    }

    @Test
    void otherMessagesOfTheSameLoggersPassUnchanged() {
        context.getLogger(JSON_SUPPORT).error("Can't write value: {}", "x", new IllegalStateException("serializer"));
        assertEquals(Level.ERROR, only().getLevel(), "writing is our side: not noise");
        logged.list.clear();
        context.getLogger(IN_PACKET).warn("something netty-socketio has not said before");
        assertEquals(IN_PACKET, only().getLoggerName());
    }

    @Test
    void aStalePollIsOneSanitisedDebugLine() {
        context.getLogger("org.pushserver").setLevel(Level.DEBUG);
        context.getLogger(POLLING).error("{} is not registered. Closing connection", "sid-1\nFAKE forged line");
        ILoggingEvent line = only();
        assertEquals(Level.DEBUG, line.getLevel(), "a poll racing its session's close is no one's fault");
        assertEquals("poll for session sid-1 FAKE forged line, which is closed", line.getFormattedMessage());
        assertFalse(line.getFormattedMessage().contains("\n"));
    }

    @Test
    void aPollWithAWrongMethodIsOneWarnLine() {
        context.getLogger(POLLING).error("Wrong {} method invocation for {}", "PUT", "sid-2");
        ILoggingEvent line = only();
        assertEquals(Level.WARN, line.getLevel());
        assertEquals("polling request with a wrong method PUT", line.getFormattedMessage());
    }

    @Test
    void theDemotedLinesFollowOurLoggersLevel() {
        IOException unreadable = new IOException(new JsonParseException(null, "Unexpected character"));
        context.getLogger(JSON_SUPPORT).error("Can't read value: " + PACKET + " for type: class java.lang.Object", unreadable);
        assertEquals(List.of(), logged.list, "DEBUG: hidden at INFO");
        context.getLogger("org.pushserver").setLevel(Level.DEBUG); // LOG_LEVEL=DEBUG
        context.getLogger(JSON_SUPPORT).error("Can't read ack args: " + PACKET + " for type: class java.lang.Object", unreadable);
        assertEquals("undecodable event arguments: JsonParseException", only().getFormattedMessage());
    }

    private ILoggingEvent only() {
        assertEquals(1, logged.list.size(), "logged: " + logged.list);
        return logged.list.get(0);
    }

    private static <T extends Throwable> T thrownBy(String className, T t) {
        t.setStackTrace(new StackTraceElement[] {frame(className), frame("io.netty.channel.AbstractChannelHandlerContext")});
        return t;
    }

    private static StackTraceElement frame(String className) {
        return new StackTraceElement(className, "m", className + ".java", 1);
    }
}
