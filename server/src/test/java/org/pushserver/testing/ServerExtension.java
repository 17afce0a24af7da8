package org.pushserver.testing;

import org.pushserver.PushServer;
import org.pushserver.auth.LoginVerifier;

import java.util.concurrent.Callable;

/**
 * A JUnit 5 extension that runs the real server ({@link RunningServer}: 127.0.0.1, a free port) for a test class
 * (static field) or for each test (instance field), closing it afterwards even when an assertion failed. It makes
 * the same HTTP calls as the server itself ({@link ServerHttp}):
 * <pre>{@code
 * @RegisterExtension
 * static final ServerExtension server = ServerExtension.withArgs("--api-keys", KEY);
 *
 * @Test
 * void somethingHolds() {
 *     assertEquals(200, server.get("/health").statusCode());
 * }
 * }</pre>
 * Flags that need something made first (a temp file, a backend's URL) are given as a callable, called when the
 * server starts: after {@code @TempDir} fields are set and after extensions registered before this one have started.
 */
public final class ServerExtension extends TestScope implements ServerHttp {
    private final Callable<String[]> args;
    private final LoginVerifier loginVerifier;
    private RunningServer running;

    private ServerExtension(Callable<String[]> args, LoginVerifier loginVerifier) {
        this.args = args;
        this.loginVerifier = loginVerifier;
    }

    /** A server started with these command-line flags. */
    public static ServerExtension withArgs(String... args) {
        String[] copy = args.clone();
        return new ServerExtension(() -> copy, null);
    }

    /** A server started with the flags {@code args} returns when it starts (it may throw: the class fails). */
    public static ServerExtension withArgs(Callable<String[]> args) {
        return new ServerExtension(args, null);
    }

    /** The same server, with {@code verifier} instead of the one {@code --login-auth} names. */
    public ServerExtension loginVerifier(LoginVerifier verifier) {
        return new ServerExtension(args, verifier);
    }

    @Override
    void open() throws Exception {
        running = RunningServer.startWith(loginVerifier, args.call());
    }

    @Override
    void close() {
        if (running != null) {
            RunningServer r = running;
            running = null;
            r.close();
        }
    }

    /** The running server; fails outside a test's scope. */
    public RunningServer running() {
        if (running == null) {
            throw new IllegalStateException("the server is not running: registered on a static field for beforeAll use?");
        }
        return running;
    }

    public PushServer server() {
        return running().server();
    }

    @Override
    public int port() {
        return running().port();
    }
}
