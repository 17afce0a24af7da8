package org.pushserver.config;

import org.pushserver.config.check.Check;

import java.time.Duration;

/**
 * Where the server listens and how long it may take to stop.
 *
 * @param host            interface to bind ({@code HOST})
 * @param port            TCP port, 0 picks a free one ({@code PORT})
 * @param shutdownTimeout bound on a graceful stop ({@code SHUTDOWN_TIMEOUT_MS})
 * @param ioThreads       Netty worker threads, 0 = one per core ({@code IO_THREADS})
 */
public record ServerConfig(String host, int port, Duration shutdownTimeout, int ioThreads) {
    public ServerConfig {
        Check.notBlank("HOST", host);
        Check.range("PORT", port, 0, 65_535);
        Check.positive("SHUTDOWN_TIMEOUT_MS", shutdownTimeout);
        Check.range("IO_THREADS", ioThreads, 0, 1024);
    }
}
