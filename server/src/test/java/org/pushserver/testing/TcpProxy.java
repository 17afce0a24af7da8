package org.pushserver.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP proxy between test clients and a server, which a test severs to drop every connection at once, as a
 * network would. It listens on 127.0.0.1 and a free port and forwards each accepted connection to the current target
 * port ({@link #retarget} switches it, e.g. to another cluster node, for the connections that follow).
 *
 * <p>{@link #sever(Side)} resets every current connection, the given side first: {@code SERVER} makes the server see
 * the loss before the client does, {@code CLIENT} the reverse. The proxy keeps accepting, so clients reconnect through
 * it. {@link #refuse()} closes every new connection at once until {@link #accept()}, so a test can push while the
 * clients are certainly away. At most {@link #MAX_CONNECTIONS} pairs are open; more are closed on arrival.
 * {@link #loseResponses(int)} resets the connection instead of forwarding the server's next answers: the request
 * reached the server, its answer never reaches the client (what a retry must survive without a second delivery).
 */
public final class TcpProxy implements AutoCloseable {
    /** Which end of a connection a {@link #sever} resets first. */
    public enum Side { SERVER, CLIENT }

    static final int MAX_CONNECTIONS = 64;
    private static final int BUFFER = 16 * 1024;

    private final ServerSocket listener;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "tcp-proxy");
        t.setDaemon(true);
        return t;
    });
    private final List<Pair> open = new ArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger responsesToLose = new AtomicInteger();
    private volatile int targetPort;
    private volatile boolean refusing;

    private TcpProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.execute(this::acceptLoop);
    }

    /** Starts a proxy to {@code 127.0.0.1:targetPort}. */
    public static TcpProxy to(int targetPort) {
        try {
            return new TcpProxy(targetPort);
        } catch (IOException e) {
            throw new IllegalStateException("proxy: " + e, e);
        }
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** The URL clients use instead of the server's. */
    public String url() {
        return "http://127.0.0.1:" + port();
    }

    /** New connections go to {@code 127.0.0.1:port} from now on; open ones stay where they are. */
    public void retarget(int port) {
        this.targetPort = port;
    }

    /** Connections accepted so far (refused ones included): a reconnect shows as a rise. */
    public int accepted() {
        return accepted.get();
    }

    /** Connections currently forwarded. */
    public synchronized int openConnections() {
        return open.size();
    }

    /** Resets every current connection, {@code first} side first; returns how many were cut. */
    public int sever(Side first) {
        List<Pair> cut;
        synchronized (this) {
            cut = new ArrayList<>(open);
            open.clear();
        }
        for (Pair p : cut) {
            p.reset(first);
        }
        return cut.size();
    }

    /** Until {@link #accept()}, every new connection is closed as soon as it arrives (the network is down). */
    public void refuse() {
        refusing = true;
    }

    /** New connections are forwarded again. */
    public void accept() {
        refusing = false;
    }

    /**
     * The next {@code count} times a server sends bytes on a connection, they are dropped and the connection reset,
     * as when a network fails between the server's work and its answer.
     */
    public void loseResponses(int count) {
        responsesToLose.set(count);
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            accepted.incrementAndGet();
            if (refusing || openConnections() >= MAX_CONNECTIONS) {
                resetQuietly(client);
                continue;
            }
            try {
                Socket server = new Socket();
                server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 5000);
                Pair pair = new Pair(client, server);
                synchronized (this) {
                    // refuse() may have come, and its sever() gone, while we connected: this pair would escape the cut
                    if (refusing) {
                        pair.reset(Side.CLIENT);
                        continue;
                    }
                    open.add(pair);
                }
                threads.execute(() -> pump(pair, client, server));
                threads.execute(() -> pump(pair, server, client));
            } catch (IOException e) {
                resetQuietly(client); // target down: the client sees a refused connection, as it would without us
            }
        }
    }

    /** Copies {@code from} to {@code to} until either ends; then the pair is closed whole. */
    private void pump(Pair pair, Socket from, Socket to) {
        byte[] buffer = new byte[BUFFER];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int n; (n = in.read(buffer)) >= 0; ) {
                if (from == pair.server() && responsesToLose.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
                    pair.reset(Side.CLIENT); // the answer is lost: the client sees a reset, never a byte of it
                    break;
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // severed or closed by an end: close the pair below
        }
        synchronized (this) {
            open.remove(pair);
        }
        pair.close();
    }

    private static void resetQuietly(Socket socket) {
        try {
            socket.setSoLinger(true, 0); // an RST, as a dropped network or a killed peer gives
        } catch (SocketException e) {
            // already closed
        }
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    private record Pair(Socket client, Socket server) {
        void reset(Side first) {
            resetQuietly(first == Side.SERVER ? server : client);
            resetQuietly(first == Side.SERVER ? client : server);
        }

        void close() {
            for (Socket s : new Socket[] {client, server}) {
                try {
                    s.close();
                } catch (IOException e) {
                    // already closed
                }
            }
        }
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException e) {
            // closing anyway
        }
        sever(Side.CLIENT);
        threads.shutdownNow();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
