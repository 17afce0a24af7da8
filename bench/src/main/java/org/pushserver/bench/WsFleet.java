package org.pushserver.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.util.concurrent.EventExecutor;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;
import java.util.function.IntUnaryOperator;

/**
 * Many Socket.IO clients speaking Engine.IO v4 over raw websockets: open, {@code 40}, {@code user_login} with an
 * ack, pings answered, pushes handed to the {@link Tracker}. Parsing is minimal: the first bytes of each frame.
 */
final class WsFleet implements AutoCloseable {
    private static final byte[] RECEIVE_MESSAGE = "42[\"receive_message\"".getBytes(StandardCharsets.US_ASCII);

    final EventLoopGroup group;
    private final Bootstrap bootstrap;
    /** The servers the sockets connect to, socket i to server i mod n (a comma-separated --url: sockets on several nodes). */
    private final List<URI> wsUris = new ArrayList<>();
    private final List<java.net.InetSocketAddress> addresses = new ArrayList<>();
    private final Tracker tracker;
    private final Map<EventExecutor, Tracker.Latencies> latencies = new IdentityHashMap<>();
    final List<SocketState> sockets = new ArrayList<>();
    final LongAdder pings = new LongAdder();
    final LongAdder disconnects = new LongAdder();
    final LongAdder loginFailures = new LongAdder();
    final LongAdder otherEvents = new LongAdder();
    private volatile boolean closing;

    WsFleet(String baseUrl, int ioThreads, Tracker tracker) {
        this.tracker = tracker;
        for (String url : baseUrl.split(",")) {
            URI base = URI.create(url.trim());
            wsUris.add(URI.create("ws://" + base.getHost() + ":" + base.getPort() + "/socket.io/?EIO=4&transport=websocket"));
            addresses.add(java.net.InetSocketAddress.createUnresolved(base.getHost(), base.getPort()));
        }
        this.group = Transport.group(ioThreads, "bench-ws");
        for (EventExecutor e : group) {
            latencies.put(e, new Tracker.Latencies());
        }
        this.bootstrap = new Bootstrap().group(group).channel(Transport.channel())
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000);
    }

    List<Tracker.Latencies> latencies() {
        return new ArrayList<>(latencies.values());
    }

    /** Result of {@link #connectAll}. */
    record ConnectResult(int ok, int failed, long nanos) {
    }

    /**
     * Connects and logs in {@code count} sockets, at most {@code concurrency} handshakes at a time.
     * Socket i logs in with {@code tokenOf(i)} and belongs to block {@code blockOf(i)}.
     */
    ConnectResult connectAll(int count, IntFunction<String> tokenOf, IntUnaryOperator blockOf, int concurrency,
                             long timeoutMs) throws InterruptedException {
        return connectAll(count, tokenOf, blockOf, false, concurrency, timeoutMs);
    }

    /** As above; with {@code resume} the sockets log in with {@code lastMessageId} (the resume path). */
    ConnectResult connectAll(int count, IntFunction<String> tokenOf, IntUnaryOperator blockOf, boolean resume,
                             int concurrency, long timeoutMs) throws InterruptedException {
        int base = sockets.size();
        List<SocketState> fresh = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            SocketState s = new SocketState(base + i, tokenOf.apply(i), blockOf.applyAsInt(i));
            s.resume = resume;
            fresh.add(s);
        }
        sockets.addAll(fresh);
        return open(fresh, concurrency, timeoutMs);
    }

    /**
     * Closes every socket's TCP connection at once, without an Engine.IO close: to the server a transport loss.
     * Returns when all are closed (bounded).
     */
    void dropAll() {
        List<ChannelFuture> fs = new ArrayList<>();
        for (SocketState s : sockets) {
            Channel ch = s.channel;
            if (ch != null) {
                fs.add(ch.close());
            }
        }
        for (ChannelFuture f : fs) {
            f.awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    /** Opens every socket again and logs it in (with its last message id when it resumes). */
    ConnectResult reconnectAll(int concurrency, long timeoutMs) throws InterruptedException {
        for (SocketState s : sockets) {
            s.reset();
        }
        return open(new ArrayList<>(sockets), concurrency, timeoutMs);
    }

    private ConnectResult open(List<SocketState> list, int concurrency, long timeoutMs) throws InterruptedException {
        int count = list.size();
        CountDownLatch done = new CountDownLatch(count);
        AtomicInteger next = new AtomicInteger(0);
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        long t0 = System.nanoTime();
        Runnable[] startOne = new Runnable[1];
        startOne[0] = () -> {
            int i = next.getAndIncrement();
            if (i >= count || closing) {
                return;
            }
            SocketState s = list.get(i);
            URI wsUri = wsUris.get(i % wsUris.size());
            java.net.InetSocketAddress address = addresses.get(i % addresses.size());
            s.onDone = success -> {
                if (success) {
                    ok.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                }
                done.countDown();
                startOne[0].run();
            };
            ChannelFuture f = bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    WebSocketClientProtocolConfig cfg = WebSocketClientProtocolConfig.newBuilder()
                        .webSocketUri(wsUri).version(WebSocketVersion.V13).allowExtensions(false)
                        .maxFramePayloadLength(1 << 20).handleCloseFrames(true).dropPongFrames(true)
                        .handshakeTimeoutMillis(15_000).absoluteUpgradeUrl(false).withUTF8Validator(false).build();
                    ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 16),
                        new WebSocketClientProtocolHandler(cfg), new Handler(s));
                }
            }).connect(new java.net.InetSocketAddress(address.getHostString(), address.getPort()));
            s.channel = f.channel();
            f.addListener(cf -> {
                if (!cf.isSuccess()) {
                    s.finish(false);
                }
            });
        };
        for (int i = 0; i < Math.min(concurrency, count); i++) {
            startOne[0].run();
        }
        if (!done.await(timeoutMs, TimeUnit.MILLISECONDS)) {
            failed.addAndGet((int) done.getCount());
        }
        return new ConnectResult(ok.get(), failed.get(), System.nanoTime() - t0);
    }

    /** Per-socket state, touched only on that socket's event loop (except setup). */
    static final class SocketState {
        final int index;
        final String token;
        final int block;
        final BitSet seen = new BitSet();
        volatile Channel channel;
        boolean loggedIn;
        /** Logs in with {@code lastMessageId} and keeps the id of each message it gets. */
        boolean resume;
        volatile String lastId;
        /** The last login ack said {@code "recovered":true}. */
        volatile boolean recovered;
        java.util.function.Consumer<Boolean> onDone;
        private boolean finished;

        SocketState(int index, String token, int block) {
            this.index = index;
            this.token = token;
            this.block = block;
        }

        /** Before a reconnect: a new login to wait for. */
        synchronized void reset() {
            channel = null; // a late channelInactive of the dropped channel no longer counts (see Handler)
            finished = false;
            loggedIn = false;
            recovered = false;
            onDone = null;
        }

        synchronized void finish(boolean success) {
            if (finished) {
                return;
            }
            finished = true;
            if (onDone != null) {
                onDone.accept(success);
            }
        }
    }

    private final class Handler extends SimpleChannelInboundHandler<WebSocketFrame> {
        private final SocketState s;
        private Tracker.Latencies lat;

        Handler(SocketState s) {
            this.s = s;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            EventLoop loop = ctx.channel().eventLoop();
            lat = latencies.get(loop);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            if (!(frame instanceof TextWebSocketFrame)) {
                return;
            }
            ByteBuf c = frame.content();
            int r = c.readerIndex();
            int len = c.readableBytes();
            if (len == 0) {
                return;
            }
            byte b0 = c.getByte(r);
            switch (b0) {
                case '2': // ping
                    pings.increment();
                    ctx.writeAndFlush(new TextWebSocketFrame("3"));
                    return;
                case '0': // engine.io open: connect to the main namespace
                    ctx.writeAndFlush(new TextWebSocketFrame("40"));
                    return;
                case '1': // engine.io close
                    ctx.close();
                    return;
                case '4':
                    break;
                default:
                    otherEvents.increment();
                    return;
            }
            if (len < 2) {
                return;
            }
            byte b1 = c.getByte(r + 1);
            if (b1 == '2') {
                if (startsWith(c, r, RECEIVE_MESSAGE)) {
                    if (s.resume) {
                        s.lastId = lastId(c.toString(r, len, StandardCharsets.UTF_8));
                    }
                    tracker.onMessage(s, c, lat);
                } else {
                    otherEvents.increment();
                }
            } else if (b1 == '0') { // socket.io CONNECT ok: log in, with ack id 1
                String resume = !s.resume ? "" : s.lastId == null ? ",\"lastMessageId\":null"
                    : ",\"lastMessageId\":\"" + s.lastId + "\"";
                ctx.writeAndFlush(new TextWebSocketFrame(
                    "421[\"user_login\",{\"tokenId\":\"" + s.token + "\"" + resume + "}]"));
            } else if (b1 == '3') { // ack of user_login
                boolean ok = c.toString(r, len, StandardCharsets.UTF_8).contains("\"ok\":true");
                if (ok) {
                    s.recovered = c.toString(r, len, StandardCharsets.UTF_8).contains("\"recovered\":true");
                    s.loggedIn = true;
                } else {
                    loginFailures.increment();
                }
                s.finish(ok);
            } else if (b1 == '4') { // connect error
                loginFailures.increment();
                s.finish(false);
            } else {
                otherEvents.increment();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            if (ctx.channel() != s.channel) { // a dropped channel of a socket that reconnected since
                super.channelInactive(ctx);
                return;
            }
            if (!closing) {
                disconnects.increment();
            }
            s.finish(false);
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            s.finish(false);
            ctx.close();
        }
    }

    /** The {@code "id"} of a {@code receive_message} payload (the last one in the frame: data comes before it). */
    private static String lastId(String frame) {
        int i = frame.lastIndexOf("\"id\":\"");
        if (i < 0) {
            return null;
        }
        int from = i + 6;
        int to = frame.indexOf('"', from);
        return to < 0 ? null : frame.substring(from, to);
    }

    private static boolean startsWith(ByteBuf c, int r, byte[] prefix) {
        if (c.readableBytes() < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (c.getByte(r + i) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    int loggedIn() {
        int n = 0;
        for (SocketState s : sockets) {
            Channel ch = s.channel;
            if (s.loggedIn && ch != null && ch.isActive()) {
                n++;
            }
        }
        return n;
    }

    @Override
    public void close() {
        closing = true;
        dropAll();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }
}
