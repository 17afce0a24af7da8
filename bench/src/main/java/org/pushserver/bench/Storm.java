package org.pushserver.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Recovery storm on the {@code lastMessageId} resume path: {@code cfg.sockets} sockets, one token each, log in with
 * {@code lastMessageId}, get one push each, then all lose their TCP connections at once. While they are away every
 * token gets {@code cfg.missed} more pushes. Then all reconnect at once ({@code cfg.connectConcurrency} handshakes in
 * flight) with the id of the last message they had; measured: the time and the server CPU (user and kernel apart)
 * from the first reconnect until every socket is logged in again with {@code "recovered":true} and has every missed
 * push, exactly once.
 */
final class Storm {
    private Storm() {
    }

    static Results run(Config cfg) throws InterruptedException {
        int k = cfg.tokensPerPost;
        if (cfg.sockets % k != 0) {
            throw new IllegalArgumentException("sockets must be a multiple of tokens-per-post");
        }
        int blocks = cfg.sockets / k;
        Tracker tr = new Tracker(blocks);
        String[] tokenJson = new String[blocks];
        for (int b = 0; b < blocks; b++) {
            StringBuilder sb = new StringBuilder("[");
            for (int j = 0; j < k; j++) {
                sb.append(j == 0 ? "\"" : ",\"").append(Scenarios.token(b * k + j)).append('"');
            }
            tokenJson[b] = sb.append(']').toString();
        }
        Posters.BodyFactory body = (seq, t) -> "{\"tokens\":" + tokenJson[(int) (seq % blocks)]
            + ",\"entityType\":\"bench\",\"data\":{\"m\":\"%" + seq + "|" + t + "%\"}}";
        Results r = new Results();
        tr.windowStart = 0;
        tr.windowEnd = Long.MAX_VALUE;
        try (WsFleet fleet = new WsFleet(cfg.url, cfg.ioThreads, tr);
             Posters posters = new Posters(cfg.apiUrl(), "/api", cfg.posters, body, (seq, res) -> { })) {
            // the first logins at most 200 at a time, as the idle scenario: the storm is the reconnect
            WsFleet.ConnectResult cr = fleet.connectAll(cfg.sockets, Scenarios::token, i -> i / k, true,
                Math.min(200, cfg.connectConcurrency), 180_000);
            r.put("sockets", cr.ok());
            r.put("connect_failed", cr.failed());
            r.put("first_login_all_s", cr.nanos() / 1e9);
            // one push each, so every socket has a last message id
            tr.expected.add(cr.ok()); // a socket whose first login failed is counted in connect_failed instead
            push(posters, blocks);
            if (!await(tr, cr.ok(), 60_000) || fleet.sockets.stream().anyMatch(s -> s.loggedIn && s.lastId == null)) {
                r.notes.add("first round incomplete: " + tr.unique.sum() + " of " + cr.ok());
            }

            fleet.dropAll();
            Thread.sleep(1000); // the server sees every transport close before the missed pushes
            for (int m = 0; m < cfg.missed; m++) {
                push(posters, blocks);
            }
            // a socket that never had a message has no id to resume from: it cannot get what it missed
            long resumable = fleet.sockets.stream().filter(s -> s.lastId != null).count();
            long want = tr.unique.sum() + resumable * cfg.missed;
            tr.expected.add(resumable * cfg.missed);
            r.put("sockets_resumable", resumable);

            Map<String, long[]> cpu0 = cpu(cfg);
            long t0 = System.nanoTime();
            WsFleet.ConnectResult re = fleet.reconnectAll(cfg.connectConcurrency, 180_000);
            boolean all = await(tr, want, 120_000);
            long t1 = System.nanoTime();
            Map<String, long[]> cpu1 = cpu(cfg);
            long tLast = tr.lastDeliveryNanos.get();
            long recovered = fleet.sockets.stream().filter(s -> s.recovered).count();
            r.put("missed_per_socket", cfg.missed);
            r.put("reconnect_concurrency", cfg.connectConcurrency);
            r.put("reconnect_failed", re.failed());
            r.put("sockets_recovered", recovered);
            r.put("relogin_all_s", re.nanos() / 1e9);
            r.put("recover_all_s", all ? (tLast - t0) / 1e9 : Double.NaN);
            double secs = (t1 - t0) / 1e9;
            double total = 0;
            for (Map.Entry<String, long[]> e : cpu0.entrySet()) {
                long[] a = e.getValue();
                long[] b = cpu1.get(e.getKey());
                double user = b[0] - a[0];
                double sys = b[1] - a[1];
                total += user + sys;
                r.put("cpu_ms." + e.getKey(), (user + sys) / 1000);
                r.put("cpu_user_us_per_socket." + e.getKey(), user / Math.max(1, cfg.sockets));
                r.put("cpu_sys_us_per_socket." + e.getKey(), sys / Math.max(1, cfg.sockets));
                r.put("cpu_pct." + e.getKey(), (user + sys) / 1e4 / secs);
            }
            r.put("cpu_ms.total", total / 1000);
            if (recovered != resumable) {
                r.notes.add((resumable - recovered) + " sockets with a last message id not recovered");
            }
            r.correctness(tr, posters, fleet);
            if (posters.firstError() != null) {
                r.notes.add("first POST error: " + posters.firstError());
            }
        }
        return r;
    }

    /** One push to every token ({@code blocks} POSTs), waited for (bounded). */
    private static void push(Posters posters, int blocks) throws InterruptedException {
        long t = System.nanoTime();
        for (int b = 0; b < blocks; b++) {
            posters.offer(t);
        }
        posters.awaitIdle(60_000);
    }

    private static boolean await(Tracker tr, long want, long timeoutMs) throws InterruptedException {
        long end = System.nanoTime() + timeoutMs * 1_000_000L;
        while (tr.unique.sum() < want && System.nanoTime() < end) {
            Thread.sleep(1);
        }
        return tr.unique.sum() >= want;
    }

    private static Map<String, long[]> cpu(Config cfg) {
        Map<String, long[]> m = new LinkedHashMap<>();
        for (Map.Entry<String, Long> e : cfg.pids.entrySet()) {
            long[] us = Proc.cpuUserSysMicros(e.getValue());
            m.put(e.getKey(), us == null ? new long[2] : us);
        }
        return m;
    }
}
