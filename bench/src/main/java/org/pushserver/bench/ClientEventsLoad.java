package org.pushserver.bench;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Client-event round trips through the push server and the chat sample's backend, closed loop: {@code --pairs} pairs
 * of sockets on loopback; each sender emits {@code chat_message} {to: its partner, text} with an ack, and the next one
 * as soon as the ack comes; the backend answers with a publish to the partner, which the server delivers before it
 * acks. Measures, after {@code --warmup} seconds, over {@code --duration} seconds: events/s, the ack's p50/p99/max
 * (emit to ack: server, backend and publish), the partner's delivery p99 (emit to receive_message), and the CPU of
 * each {@code --pid name=PID}. Afterwards checks that every acked event reached its partner exactly once, in order.
 *
 * <pre>java -cp bench.jar org.pushserver.bench.ClientEventsLoad --url http://127.0.0.1:PORT [--pairs 16]
 *     [--warmup 5] [--duration 10] [--pid server=PID]... [--out FILE]</pre>
 * Exit status 0 when every event was acked ok and delivered once in order, 2 otherwise.
 */
public final class ClientEventsLoad {
    private static final Pattern SEQ = Pattern.compile("\"text\":\"(\\d+):(\\d+)\"");

    private final String url;
    private final int pairs;
    private volatile boolean running = true;
    private volatile boolean measuring;
    private final AtomicLong acksOk = new AtomicLong();
    private final AtomicLong acksRefused = new AtomicLong();
    private final AtomicLong measuredAcks = new AtomicLong();
    private final AtomicLong outOfOrder = new AtomicLong();
    private final List<Long> ackNanos = new ArrayList<>();
    private final List<Long> deliveryNanos = new ArrayList<>();
    private long[] lastSeen;
    private long[] delivered;
    private long[] sent;

    private ClientEventsLoad(String url, int pairs) {
        this.url = url;
        this.pairs = pairs;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new LinkedHashMap<>();
        Map<String, Long> pids = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (args[i].equals("--pid")) {
                String[] p = args[i + 1].split("=", 2);
                pids.put(p[0], Long.parseLong(p[1]));
            } else {
                opts.put(args[i], args[i + 1]);
            }
        }
        ClientEventsLoad load = new ClientEventsLoad(opts.getOrDefault("--url", "http://127.0.0.1:4001"),
                Integer.parseInt(opts.getOrDefault("--pairs", "16")));
        String report = load.run(Double.parseDouble(opts.getOrDefault("--warmup", "5")),
                Double.parseDouble(opts.getOrDefault("--duration", "10")), pids);
        System.out.print(report);
        if (opts.containsKey("--out")) {
            Files.writeString(Path.of(opts.get("--out")), report, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        System.exit(report.contains("client_events.exact=true") ? 0 : 2);
    }

    private String run(double warmup, double duration, Map<String, Long> pids) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        lastSeen = new long[pairs];
        delivered = new long[pairs];
        sent = new long[pairs];
        ClientEventSocket[] senders = new ClientEventSocket[pairs];
        List<ClientEventSocket> all = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            int pair = i;
            all.add(ClientEventSocket.open(http, url, "ce-recipient-" + i, (id, ack) -> { }, frame -> received(pair, frame))
                    .get(30, TimeUnit.SECONDS));
        }
        for (int i = 0; i < pairs; i++) {
            int pair = i;
            long[] emittedAt = new long[1];
            ClientEventSocket[] self = new ClientEventSocket[1];
            self[0] = ClientEventSocket.open(http, url, "ce-sender-" + i, (id, ack) -> {
                acked(pair, System.nanoTime() - emittedAt[0], ack);
                if (running) {
                    emittedAt[0] = System.nanoTime();
                    emit(self[0], pair, emittedAt[0]);
                }
            }, frame -> { }).get(30, TimeUnit.SECONDS);
            senders[i] = self[0];
            all.add(self[0]);
        }
        for (int i = 0; i < pairs; i++) { // start every loop: each next event follows its ack
            long now = System.nanoTime();
            emit(senders[i], i, now);
        }
        Thread.sleep((long) (warmup * 1000));
        Map<String, long[]> cpu0 = cpu(pids);
        long start = System.nanoTime();
        measuring = true;
        Thread.sleep((long) (duration * 1000));
        measuring = false;
        double secs = (System.nanoTime() - start) / 1e9;
        Map<String, long[]> cpu1 = cpu(pids);
        running = false;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline && !settled()) {
            Thread.sleep(20);
        }
        all.forEach(ClientEventSocket::close);

        StringBuilder out = new StringBuilder();
        long events = measuredAcks.get();
        line(out, "pairs", pairs);
        line(out, "events_per_s", Math.round(events / secs));
        synchronized (this) {
            line(out, "ack_p50_ms", percentile(ackNanos, 0.50));
            line(out, "ack_p99_ms", percentile(ackNanos, 0.99));
            line(out, "ack_max_ms", percentile(ackNanos, 1.0));
            line(out, "delivery_p99_ms", percentile(deliveryNanos, 0.99));
        }
        for (String name : pids.keySet()) {
            long[] a = cpu0.get(name);
            long[] b = cpu1.get(name);
            if (a != null && b != null && events > 0) {
                line(out, "cpu_us_per_event." + name, Math.round((b[0] + b[1] - a[0] - a[1]) / (double) events));
                line(out, "cpu_user_us_per_event." + name, Math.round((b[0] - a[0]) / (double) events));
                line(out, "cpu_cores." + name, Math.round((b[0] + b[1] - a[0] - a[1]) / secs / 1e4) / 100.0);
            }
        }
        long sentTotal = Arrays.stream(sent).sum();
        long deliveredTotal = Arrays.stream(delivered).sum();
        line(out, "sent", sentTotal);
        line(out, "acked_ok", acksOk.get());
        line(out, "refused", acksRefused.get());
        line(out, "delivered", deliveredTotal);
        line(out, "out_of_order", outOfOrder.get());
        boolean exact = acksRefused.get() == 0 && acksOk.get() == sentTotal && deliveredTotal == sentTotal
                && outOfOrder.get() == 0;
        out.append("client_events.exact=").append(exact).append('\n');
        return out.toString();
    }

    private void emit(ClientEventSocket sender, int pair, long nanos) {
        long seq;
        synchronized (this) {
            seq = ++sent[pair];
        }
        sender.emit(seq, "chat_message", "{\"to\":\"ce-recipient-" + pair + "\",\"text\":\"" + seq + ":" + nanos + "\"}");
    }

    private void acked(int pair, long nanos, String ack) {
        if (ack.contains("\"ok\":true")) {
            acksOk.incrementAndGet();
        } else {
            acksRefused.incrementAndGet();
            System.err.println("refused: " + ack);
        }
        if (measuring) {
            measuredAcks.incrementAndGet();
            synchronized (this) {
                ackNanos.add(nanos);
            }
        }
    }

    private void received(int pair, String frame) {
        long now = System.nanoTime();
        Matcher m = SEQ.matcher(frame);
        if (!m.find()) {
            return;
        }
        long seq = Long.parseLong(m.group(1));
        synchronized (this) {
            delivered[pair]++;
            if (seq != lastSeen[pair] + 1) {
                outOfOrder.incrementAndGet();
            }
            lastSeen[pair] = seq;
            if (measuring) {
                deliveryNanos.add(now - Long.parseLong(m.group(2)));
            }
        }
    }

    private synchronized boolean settled() {
        return acksOk.get() + acksRefused.get() == Arrays.stream(sent).sum()
                && Arrays.stream(delivered).sum() >= acksOk.get();
    }

    private static Map<String, long[]> cpu(Map<String, Long> pids) {
        Map<String, long[]> out = new LinkedHashMap<>();
        pids.forEach((name, pid) -> out.put(name, Proc.cpuUserSysMicros(pid)));
        return out;
    }

    private static double percentile(List<Long> nanos, double q) {
        if (nanos.isEmpty()) {
            return Double.NaN;
        }
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        int index = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
        return Math.round(sorted[Math.max(0, index)] / 1e4) / 100.0;
    }

    private static void line(StringBuilder out, String key, Object value) {
        out.append("client_events.").append(key).append('=').append(value).append('\n');
    }
}
