package org.pushserver.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Figures of one run, by name in print order, with notes; also the correctness counters every scenario checks. */
final class Results {
        final Map<String, Double> values = new LinkedHashMap<>();
        final List<String> notes = new ArrayList<>();

        void put(String k, double v) {
            values.put(k, v);
        }

        double get(String k) {
            Double v = values.get(k);
            return v == null ? Double.NaN : v;
        }

    /** Server CPU per delivery and per cent of a core for each measured process, and the generator's own CPU. */
    void cpu(Config cfg, Snapshot s0, Snapshot s1, double deliveries, double secs) {
        double total = 0;
        double totalUser = 0;
        for (Map.Entry<String, Long> e : cfg.pids.entrySet()) {
            long d = s1.cpu.get(e.getKey()) - s0.cpu.get(e.getKey());
            long u = s1.user.get(e.getKey()) - s0.user.get(e.getKey());
            total += d;
            totalUser += u;
            put("cpu_us_per_delivery." + e.getKey(), d / Math.max(1, deliveries));
            put("cpu_user_us_per_delivery." + e.getKey(), u / Math.max(1, deliveries));
            put("cpu_sys_us_per_delivery." + e.getKey(), (d - u) / Math.max(1, deliveries));
            put("cpu_pct." + e.getKey(), d / 1e4 / secs);
        }
        if (cfg.pids.size() > 1) {
            put("cpu_us_per_delivery.total", total / Math.max(1, deliveries));
            put("cpu_user_us_per_delivery.total", totalUser / Math.max(1, deliveries));
            put("cpu_sys_us_per_delivery.total", (total - totalUser) / Math.max(1, deliveries));
        }
        put("generator_cpu_pct", (s1.genCpu - s0.genCpu) / 1e4 / secs);
        put("machine_cpus", Runtime.getRuntime().availableProcessors());
    }

    /** Latency percentiles over every socket of {@code fleet}. */
    void latency(WsFleet fleet, String prefix) {
        List<Tracker.Latencies> ls = fleet.latencies();
        int[][] parts = new int[ls.size()][];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = ls.get(i).snapshot();
        }
        double[] p = Tracker.percentilesMs(parts);
        put(prefix + "_p50_ms", p[0]);
        put(prefix + "_p99_ms", p[1]);
        put(prefix + "_p999_ms", p[2]);
        put(prefix + "_max_ms", p[3]);
        put(prefix + "_samples", p[4]);
    }

    /** The correctness counters every scenario checks: loss, duplicates, misrouting, errors. */
    void correctness(Tracker tr, Posters posters, WsFleet fleet) {
        long expected = tr.expected.sum();
        long unique = tr.unique.sum();
        put("posts_ok", posters.ok.sum());
        put("post_errors", posters.errors.sum());
        put("expected_deliveries", expected);
        put("delivered", unique);
        put("loss", Math.max(0, expected - unique));
        put("extra", Math.max(0, unique - expected));
        put("duplicates", tr.duplicates.sum());
        put("misrouted", tr.misrouted.sum());
        put("unparsable", tr.unparsable.sum());
        put("disconnects", fleet.disconnects.sum());
        put("pings_answered", fleet.pings.sum());
    }
}
