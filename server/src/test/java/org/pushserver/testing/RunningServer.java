package org.pushserver.testing;

import org.pushserver.PushServer;
import org.pushserver.auth.LoginVerifier;
import org.pushserver.config.ConfigLoader;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The real server, started in this JVM on 127.0.0.1 and a free port, with the HTTP calls of {@link ServerHttp}.
 * Arguments are the command line's flags ({@code "--api-keys", "…"}); the environment is not read. A test class
 * usually has {@link ServerExtension} start and close it; a test that needs a server of its own for a few lines
 * starts one in a try-with-resources.
 */
public final class RunningServer implements ServerHttp, AutoCloseable {
    private final PushServer server;

    private RunningServer(PushServer server) {
        this.server = server;
    }

    public static RunningServer start(String... args) {
        return startWith(null, args);
    }

    /** Starts with {@code loginVerifier} instead of the one {@code --login-auth} names (null: that one). */
    public static RunningServer startWith(LoginVerifier loginVerifier, String... args) {
        List<String> all = new ArrayList<>(List.of("--host", "127.0.0.1", "--port", "0", "--shutdown-timeout-ms", "2000"));
        all.addAll(List.of(args));
        return new RunningServer(new PushServer(ConfigLoader.load(all.toArray(String[]::new), Map.of()), loginVerifier).start());
    }

    @Override
    public int port() {
        return server.port();
    }

    public PushServer server() {
        return server;
    }

    @Override
    public void close() {
        server.close();
    }
}
