package org.pushserver.bench;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.LongAdder;

/** The scenarios. Each returns its figures as an ordered map of name to number. */
final class Scenarios {
    private Scenarios() {
    }

    static String token(int t) {
        return "tok" + t;
    }

    private static String filler(int n) {
        char[] c = new char[n];
        Arrays.fill(c, 'x');
        return new String(c);
    }

    /** Fan-out, closed loop ({@code fixedRate == false}) or at {@code cfg.rate} pushes/s. */
    static Results fanOut(Config cfg, boolean fixedRate) throws InterruptedException {
        if (cfg.tokens % cfg.tokensPerPost != 0 || cfg.tokensPerPost > cfg.tokens) {
            throw new IllegalArgumentException("tokens must be a multiple of tokens-per-post");
        }
        int k = cfg.tokensPerPost;
        int blocks = cfg.tokens / k;
        Tracker tr = new Tracker(blocks);
        int[] blockSockets = new int[blocks];
        for (int i = 0; i < cfg.sockets; i++) {
            blockSockets[(i % cfg.tokens) / k]++;
        }
        // Pre-rendered token lists per block: "tokens":["tokA",...,"tokJ"]
        String[] tokenJson = new String[blocks];
        for (int b = 0; b < blocks; b++) {
            StringBuilder sb = new StringBuilder("[");
            for (int j = 0; j < k; j++) {
                sb.append(j == 0 ? "\"" : ",\"").append(token(b * k + j)).append('"');
            }
            tokenJson[b] = sb.append(']').toString();
        }
        String pad = filler(cfg.payload);
        LongAdder socketsMismatch = new LongAdder();
        Results r = new Results();
        try (WsFleet fleet = new WsFleet(cfg.url, cfg.ioThreads, tr)) {
            WsFleet.ConnectResult cr = fleet.connectAll(cfg.sockets, i -> token(i % cfg.tokens),
                i -> (i % cfg.tokens) / k, cfg.connectConcurrency, 120_000);
            r.put("sockets", cr.ok());
            r.put("connect_failed", cr.failed());
            if (cr.failed() > 0) {
                r.notes.add(cr.failed() + " sockets failed to connect/log in");
            }
            Posters.BodyFactory body = (seq, t) -> "{\"tokens\":" + tokenJson[(int) (seq % blocks)]
                + ",\"entityType\":\"bench\",\"data\":{\"m\":\"%" + seq + "|" + t + "%\",\"pad\":\"" + pad + "\"}}";
            Posters.OkListener ok = (seq, res) -> {
                int want = blockSockets[(int) (seq % blocks)];
                tr.expected.add(want);
                long got = jsonLong(res, "\"sockets\":");
                if (got != want) {
                    socketsMismatch.increment();
                }
            };
            try (Posters posters = new Posters(cfg.apiUrl(), "/api", cfg.posters, body, ok)) {
                long warmupNs = (long) (cfg.warmup * 1e9);
                long durNs = (long) (cfg.duration * 1e9);
                Thread pacer = null;
                long start = System.nanoTime();
                if (fixedRate) {
                    long end = start + warmupNs + durNs;
                    pacer = new Thread(() -> posters.runFixedRate(cfg.rate, end), "bench-pacer");
                    pacer.setDaemon(true);
                    pacer.start();
                } else {
                    posters.startClosedLoop();
                }
                sleepUntil(start + warmupNs);
                Snapshot s0 = Snapshot.take(cfg, tr, posters);
                tr.windowStart = s0.nanos;
                sleepUntil(s0.nanos + durNs);
                Snapshot s1 = Snapshot.take(cfg, tr, posters);
                tr.windowEnd = s1.nanos;
                posters.stop();
                if (pacer != null) {
                    pacer.join(5000);
                }
                if (!posters.awaitIdle(15_000)) {
                    r.notes.add("POSTs still in flight after 15 s");
                }
                drain(tr, 30_000);
                double secs = (s1.nanos - s0.nanos) / 1e9;
                double deliveries = s1.unique - s0.unique;
                r.put("deliveries_per_s", deliveries / secs);
                r.put("posts_per_s", (s1.posts - s0.posts) / secs);
                if (fixedRate) {
                    r.put("offered_posts_per_s", cfg.rate);
                }
                r.cpu(cfg, s0, s1, deliveries, secs);
                r.latency(fleet, "latency");
                r.correctness(tr, posters, fleet);
                r.put("sockets_field_mismatch", socketsMismatch.sum());
                if (posters.firstError() != null) {
                    r.notes.add("first POST error: " + posters.firstError());
                }
            }
        }
        return r;
    }

    /**
     * Idle: connects {@code cfg.sockets} sockets (one token each), measures time to connect + log in all,
     * server RSS (and heap after GC for a JVM) per connection; then broadcasts {@code cfg.broadcasts} times and
     * measures the time until the last socket has each.
     */
    static Results idleAndBroadcast(Config cfg) throws InterruptedException {
        Tracker tr = new Tracker(1);
        Results r = new Results();
        long rssPid = cfg.rssPid();
        if (cfg.idleWarmup > 0) { // same for both servers: connect, log in and close a first fleet, then measure
            try (WsFleet warm = new WsFleet(cfg.url, cfg.ioThreads, new Tracker(1))) {
                warm.connectAll(cfg.idleWarmup, i -> "warmup-" + i, i -> 0, cfg.connectConcurrency, 180_000);
            }
            Thread.sleep(2000);
        }
        long heap0 = cfg.jvmPid > 0 ? Proc.heapAfterGcKb(cfg.jvmPid) : -1;
        Thread.sleep(500);
        long rss0 = rssPid > 0 ? Proc.rssKb(rssPid) : -1;
        try (WsFleet fleet = new WsFleet(cfg.url, cfg.ioThreads, tr)) {
            long[] us0 = rssPid > 0 ? Proc.cpuUserSysMicros(rssPid) : null;
            long cpu0 = us0 == null ? -1 : us0[0] + us0[1];
            WsFleet.ConnectResult cr = fleet.connectAll(cfg.sockets, i -> token(i % cfg.tokens), i -> 0,
                cfg.connectConcurrency, 180_000);
            long[] us1 = rssPid > 0 ? Proc.cpuUserSysMicros(rssPid) : null;
            long cpu1 = us1 == null ? -1 : us1[0] + us1[1];
            int n = cr.ok();
            r.put("sockets", n);
            r.put("connect_failed", cr.failed());
            r.put("connect_login_all_s", cr.nanos() / 1e9);
            r.put("connect_rate_per_s", n / (cr.nanos() / 1e9));
            if (cpu0 >= 0) {
                r.put("server_cpu_us_per_connect", (cpu1 - cpu0) / (double) Math.max(1, n));
                r.put("server_cpu_user_us_per_connect", (us1[0] - us0[0]) / (double) Math.max(1, n));
                r.put("server_cpu_sys_us_per_connect", (us1[1] - us0[1]) / (double) Math.max(1, n));
            }
            if (cr.failed() > 0) {
                r.notes.add(cr.failed() + " sockets failed to connect/log in");
            }
            Thread.sleep(2000);
            long heap1 = cfg.jvmPid > 0 ? Proc.heapAfterGcKb(cfg.jvmPid) : -1;
            Thread.sleep(500);
            long rss1 = rssPid > 0 ? Proc.rssKb(rssPid) : -1;
            if (rss0 > 0 && rss1 > 0) {
                r.put("rss_base_mb", rss0 / 1024.0);
                r.put("rss_mb", rss1 / 1024.0);
                r.put("rss_kb_per_conn", (rss1 - rss0) / (double) Math.max(1, n));
            }
            if (heap0 >= 0 && heap1 >= 0) {
                r.put("heap_after_gc_base_mb", heap0 / 1024.0);
                r.put("heap_after_gc_mb", heap1 / 1024.0);
                r.put("heap_kb_per_conn", (heap1 - heap0) / (double) Math.max(1, n));
            }

            // Broadcast: one POST, time until the last socket has it.
            String pad = filler(cfg.payload);
            Posters.BodyFactory body = (seq, t) -> "{\"entityType\":\"bench\",\"data\":{\"m\":\"%" + seq + "|" + t
                + "%\",\"pad\":\"" + pad + "\"}}";
            int online = fleet.loggedIn();
            Posters.OkListener ok = (seq, res) -> tr.expected.add(online);
            tr.windowStart = 0;
            tr.windowEnd = Long.MAX_VALUE;
            double[] toLast = new double[cfg.broadcasts];
            long bcCpu = 0;
            long bcUser = 0;
            try (Posters posters = new Posters(cfg.apiUrl(), "/api/broadcast", 1, body, ok)) {
                for (int b = 0; b < cfg.broadcasts; b++) {
                    long want = (long) online * (b + 1);
                    long[] b0 = rssPid > 0 ? Proc.cpuUserSysMicros(rssPid) : null;
                    long t = System.nanoTime();
                    posters.offer(t);
                    long deadline = t + 30_000_000_000L;
                    while (tr.unique.sum() < want && System.nanoTime() < deadline) {
                        Thread.sleep(1);
                    }
                    toLast[b] = tr.unique.sum() >= want ? (tr.lastDeliveryNanos.get() - t) / 1e6 : Double.NaN;
                    posters.awaitIdle(10_000);
                    Thread.sleep(300);
                    long[] b1 = rssPid > 0 ? Proc.cpuUserSysMicros(rssPid) : null;
                    if (b0 != null && b1 != null) {
                        bcCpu += b1[0] + b1[1] - b0[0] - b0[1];
                        bcUser += b1[0] - b0[0];
                    }
                }
                drain(tr, 5_000);
                Arrays.sort(toLast);
                r.put("broadcast_to_last_ms", toLast[toLast.length / 2]);
                r.put("broadcast_to_last_max_ms", toLast[toLast.length - 1]);
                r.put("broadcast_cpu_us_per_delivery", bcCpu / (double) Math.max(1, (long) online * cfg.broadcasts));
                r.put("broadcast_cpu_user_us_per_delivery", bcUser / (double) Math.max(1, (long) online * cfg.broadcasts));
                r.put("broadcast_cpu_sys_us_per_delivery", (bcCpu - bcUser) / (double) Math.max(1, (long) online * cfg.broadcasts));
                r.latency(fleet, "broadcast_latency");
                r.correctness(tr, posters, fleet);
                if (posters.firstError() != null) {
                    r.notes.add("first POST error: " + posters.firstError());
                }
            }
        }
        return r;
    }

    /** Waits until every expected delivery arrived, or no progress for 3 s, or the timeout. */
    private static void drain(Tracker tr, long timeoutMs) throws InterruptedException {
        long end = System.nanoTime() + timeoutMs * 1_000_000L;
        long last = -1;
        long lastChange = System.nanoTime();
        while (System.nanoTime() < end) {
            long u = tr.unique.sum();
            if (u >= tr.expected.sum()) {
                return;
            }
            if (u != last) {
                last = u;
                lastChange = System.nanoTime();
            } else if (System.nanoTime() - lastChange > 3_000_000_000L) {
                return;
            }
            Thread.sleep(5);
        }
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        long d;
        while ((d = nanos - System.nanoTime()) > 0) {
            Thread.sleep(Math.max(1, d / 1_000_000L));
        }
    }

    /** Parses the integer after {@code key} in a JSON body; -1 if absent. */
    static long jsonLong(ByteBuf buf, String key) {
        String s = buf.toString(StandardCharsets.UTF_8);
        int i = s.indexOf(key);
        if (i < 0) {
            return -1;
        }
        int p = i + key.length();
        while (p < s.length() && s.charAt(p) == ' ') {
            p++;
        }
        long v = 0;
        boolean any = false;
        while (p < s.length() && Character.isDigit(s.charAt(p))) {
            v = v * 10 + (s.charAt(p++) - '0');
            any = true;
        }
        return any ? v : -1;
    }

}
