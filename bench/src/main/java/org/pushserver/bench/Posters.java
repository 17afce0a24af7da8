package org.pushserver.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Keep-alive HTTP/1.1 POSTers (Netty). Closed loop: each connection posts again as soon as it has its answer.
 * Fixed rate: a pacing thread offers pushes at their intended times to idle connections (queueing when all are
 * busy); the marker carries the intended time, so queueing delay counts in the latency.
 */
final class Posters implements AutoCloseable {
    /** Builds the JSON body of push {@code seq} sent at {@code sendNanos}. */
    interface BodyFactory {
        String body(long seq, long sendNanos);
    }

    /** Called with the push sequence number of each 200 answer. */
    interface OkListener {
        void ok(long seq, ByteBuf responseBody);
    }

    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final String host;
    private final String path;
    private final BodyFactory bodies;
    private final OkListener okListener;
    private final List<Conn> conns = new ArrayList<>();
    private final ConcurrentLinkedQueue<Conn> idle = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<long[]> pending = new ConcurrentLinkedQueue<>();
    final AtomicLong nextSeq = new AtomicLong();
    final LongAdder ok = new LongAdder();
    final LongAdder errors = new LongAdder();
    final LongAdder reconnects = new LongAdder();
    final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean closedLoop;
    private volatile boolean running;
    private volatile String firstError;

    Posters(String baseUrl, String path, int connections, BodyFactory bodies, OkListener okListener) {
        URI base = URI.create(baseUrl);
        this.host = base.getHost() + ":" + base.getPort();
        this.path = path;
        this.bodies = bodies;
        this.okListener = okListener;
        this.group = Transport.group(1, "bench-http");
        this.bootstrap = new Bootstrap().group(group).channel(Transport.channel())
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
            .remoteAddress(base.getHost(), base.getPort());
        for (int i = 0; i < connections; i++) {
            Conn c = new Conn();
            conns.add(c);
            idle.add(c);
        }
    }

    String firstError() {
        return firstError;
    }

    /** Starts the closed loop: every connection posts, and posts again on each answer, until {@link #stop()}. */
    void startClosedLoop() {
        closedLoop = true;
        running = true;
        Conn c;
        while ((c = idle.poll()) != null) {
            c.send(nextSeq.getAndIncrement(), System.nanoTime());
        }
    }

    /** Offers one push now (or when a connection frees up); its marker time is {@code intendedNanos}. */
    void offer(long intendedNanos) {
        running = true;
        long seq = nextSeq.getAndIncrement();
        Conn c = idle.poll();
        if (c != null) {
            c.send(seq, intendedNanos);
        } else {
            pending.add(new long[] {seq, intendedNanos});
            // A connection may have gone idle between our poll and the add.
            Conn again = idle.poll();
            if (again != null) {
                again.next();
            }
        }
    }

    /**
     * Offers pushes at {@code rate} per second from the calling thread until {@code endNanos}.
     * The loop is bounded by the deadline.
     */
    void runFixedRate(double rate, long endNanos) {
        long start = System.nanoTime();
        double interval = 1e9 / rate;
        long i = 0;
        while (true) {
            long now = System.nanoTime();
            if (now >= endNanos) {
                break;
            }
            long due = start + (long) (i * interval);
            while (due <= now) {
                offer(due);
                i++;
                due = start + (long) (i * interval);
            }
            LockSupport.parkNanos(Math.max(10_000L, Math.min(due - now, 1_000_000L)));
        }
    }

    void stop() {
        running = false;
    }

    /** Waits (bounded) until nothing is queued or in flight. */
    boolean awaitIdle(long timeoutMs) throws InterruptedException {
        long end = System.nanoTime() + timeoutMs * 1_000_000L;
        while (System.nanoTime() < end) {
            if (inFlight.get() == 0 && pending.isEmpty()) {
                return true;
            }
            Thread.sleep(5);
        }
        return false;
    }

    private final class Conn {
        private Channel ch;
        private long seq;
        private boolean awaitingAnswer;

        /** Sends push {@code seq}; called from any thread, runs on the event loop. */
        void send(long seq, long sendNanos) {
            inFlight.incrementAndGet();
            group.next().execute(() -> doSend(seq, sendNanos));
        }

        /** Takes the next queued push, or goes idle. */
        void next() {
            if (closedLoop) {
                if (running) {
                    send(nextSeq.getAndIncrement(), System.nanoTime());
                } else {
                    idle.add(this);
                }
                return;
            }
            long[] p = pending.poll();
            if (p != null) {
                send(p[0], p[1]);
                return;
            }
            idle.add(this);
            if (!pending.isEmpty() && idle.remove(this)) {
                next();
            }
        }

        private void doSend(long seq, long sendNanos) {
            this.seq = seq;
            this.awaitingAnswer = true;
            String json = bodies.body(seq, sendNanos);
            ByteBuf content = Unpooled.wrappedBuffer(json.getBytes(StandardCharsets.UTF_8));
            FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, path, content);
            req.headers().set(HttpHeaderNames.HOST, host)
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .set(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes())
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            if (ch != null && ch.isActive()) {
                ch.writeAndFlush(req);
                return;
            }
            if (ch != null) {
                reconnects.increment();
            }
            ChannelFuture f = bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel c) {
                    c.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 20), new Handler(Conn.this));
                }
            }).connect();
            ch = f.channel();
            f.addListener(cf -> {
                if (cf.isSuccess()) {
                    ch.writeAndFlush(req);
                } else {
                    req.release();
                    awaitingAnswer = false;
                    fail("connect: " + cf.cause());
                }
            });
        }

        void fail(String why) {
            errors.increment();
            if (firstError == null) {
                firstError = why;
            }
            inFlight.decrementAndGet();
            // Back off a little so a dead server does not spin the loop.
            group.schedule(this::next, 10, TimeUnit.MILLISECONDS);
        }
    }

    private final class Handler extends SimpleChannelInboundHandler<FullHttpResponse> {
        private final Conn conn;

        Handler(Conn conn) {
            this.conn = conn;
        }

        @Override
        public void channelRead0(ChannelHandlerContext ctx, FullHttpResponse res) {
            long seq = conn.seq;
            conn.awaitingAnswer = false;
            if (res.status().code() == 200) {
                ok.increment();
                okListener.ok(seq, res.content());
            } else {
                errors.increment();
                if (firstError == null) {
                    firstError = "HTTP " + res.status() + ": " + res.content().toString(StandardCharsets.UTF_8);
                }
            }
            if (!HttpUtil.isKeepAlive(res)) {
                ctx.close();
            }
            inFlight.decrementAndGet();
            conn.next();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            // Closed with an answer pending: count it as an error (we cannot know whether it was delivered).
            if (conn.awaitingAnswer && conn.ch == ctx.channel()) {
                conn.awaitingAnswer = false;
                conn.fail("connection closed before the answer");
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (firstError == null) {
                firstError = "exception: " + cause;
            }
            ctx.close();
        }
    }

    @Override
    public void close() {
        for (Conn c : conns) {
            if (c.ch != null) {
                c.ch.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
            }
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
