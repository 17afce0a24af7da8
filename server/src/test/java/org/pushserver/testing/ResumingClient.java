package org.pushserver.testing;

/**
 * A client line that reconnects by itself after a drop, as an app's page or service does, and records what it saw in
 * {@link #events()}. {@link JavaResumingClient} runs the Java io.socket lines in this JVM, {@link NodeResumingClient}
 * the npm socket.io-client lines under Node.
 */
public interface ResumingClient extends AutoCloseable {

    /** How the client gets back what it missed. */
    enum Mode {
        /** In its 'connect' handler it sends {@code user_login} with {@code lastMessageId}: null first, then the last id seen. */
        RESUME,
        /** An unchanged 4.6+ page: logs in with {@code {tokenId}} unless {@code socket.recovered} (connection-state recovery). */
        RECOVERY
    }

    /**
     * What to start.
     *
     * @param url       where to connect (a proxy's URL in drop tests)
     * @param token     the token it logs in as
     * @param mode      how it resumes
     * @param transport "default" (polling, then the upgrade), "websocket" or "polling"
     * @param acks      logs in with {@code "acks": true} and acks every message
     */
    record Options(String url, String token, Mode mode, String transport, boolean acks) {
    }

    /** Starts a client of a line with {@code options}; it connects and logs in by itself. */
    interface Line {
        ResumingClient start(Options options);

        String name();
    }

    ClientEvents events();

    @Override
    void close();
}
