package org.pushserver;

import io.netty.util.ResourceLeakDetector;
import org.pushserver.config.AppConfig;
import org.pushserver.config.ConfigLoader;
import org.pushserver.config.check.InvalidConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

/**
 * Command-line entry: reads the configuration, starts the server, stops it gracefully on SIGTERM or SIGINT and
 * reloads its keys on SIGHUP.
 */
public final class Main {
    private static final Logger log = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (System.getProperty("io.netty.leakDetection.level") == null) {
            // Leak tracking touches every message at every pipeline hop: the largest user-space cost of a delivery
            // in the profile. The tests run with it on; -Dio.netty.leakDetection.level=simple turns it back on here.
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            System.out.print(ConfigLoader.help());
            return;
        }
        AppConfig config;
        try {
            config = ConfigLoader.load(args, System.getenv());
        } catch (InvalidConfigException e) {
            System.err.println("push-server: invalid configuration: " + e.getMessage());
            System.exit(2);
            return;
        }
        PushServer server;
        try {
            server = new PushServer(config).start();
        } catch (InvalidConfigException e) { // found while building a part, e.g. a TLS file that does not load
            System.err.println("push-server: invalid configuration: " + e.getMessage());
            System.exit(2);
            return;
        } catch (RuntimeException e) {
            log.error("push-server failed to start: {}", e.toString());
            System.exit(1);
            return;
        }
        CountDownLatch stop = new CountDownLatch(1);
        // Handled here rather than in a shutdown hook so that a requested stop exits 0, not 143.
        Signal.handle(new Signal("TERM"), s -> stop.countDown());
        Signal.handle(new Signal("INT"), s -> stop.countDown());
        Signal.handle(new Signal("HUP"), s -> reload(server, args));
        stop.await();
        log.info("stop requested: draining");
        server.close();
        System.exit(0);
    }

    /** SIGHUP: reads the configuration again (flags, environment, the --config file) and applies the keys. */
    private static void reload(PushServer server, String[] args) {
        try {
            server.reload(ConfigLoader.load(args, System.getenv()));
        } catch (InvalidConfigException e) {
            log.error("reload refused, keeping the running configuration: {}", e.getMessage());
        }
    }
}
