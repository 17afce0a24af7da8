package org.pushserver.bench;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;

/** Renders two result files (key=value, as written by --out) side by side, with the ratio a/b and the targets. */
final class Report {
    private Report() {
    }

    /** One row: result key, label, and optionally a target on the ratio a/b ("<=0.25", ">=3") or on a ("a<10"). */
    private record Row(String key, String label, String target) {
    }

    // Targets: issue 15's ratios to the Node peer (user-space CPU apart: a loopback send costs the same kernel time
    // for any server), and the heap bound of the idle connection. Rows without a target are context.
    private static final Row[] ROWS = {
        new Row("closed.deliveries_per_s", "1 fan-out closed loop: deliveries/s", null),
        new Row("closed.posts_per_s", "1 fan-out closed loop: POSTs/s", null),
        new Row("closed.cpu_us_per_delivery.server", "1 server CPU µs/delivery", null),
        new Row("closed.cpu_user_us_per_delivery.server", "1 server user CPU µs/delivery", "<=0.35"),
        new Row("closed.cpu_sys_us_per_delivery.server", "1 server kernel CPU µs/delivery", null),
        new Row("closed.cpu_pct.server", "1 server CPU % (of one core)", null),
        new Row("closed.latency_p50_ms", "1 latency p50 ms", null),
        new Row("closed.latency_p99_ms", "1 latency p99 ms", null),
        new Row("closed.latency_max_ms", "1 latency max ms", null),
        new Row("closed.generator_cpu_pct", "1 generator CPU % (of one core)", null),
        new Row("fixed.offered_posts_per_s", "2 fixed rate: offered POSTs/s", null),
        new Row("fixed.deliveries_per_s", "2 fixed rate: deliveries/s", null),
        new Row("fixed.cpu_us_per_delivery.server", "2 server CPU µs/delivery", null),
        new Row("fixed.cpu_user_us_per_delivery.server", "2 server user CPU µs/delivery", "<=0.35"),
        new Row("fixed.cpu_sys_us_per_delivery.server", "2 server kernel CPU µs/delivery", null),
        new Row("fixed.latency_p50_ms", "2 latency p50 ms", null),
        new Row("fixed.latency_p99_ms", "2 latency p99 ms", "<=0.25"),
        new Row("fixed.latency_max_ms", "2 latency max ms", null),
        new Row("idle.sockets", "3 idle sockets logged in", null),
        new Row("idle.connect_login_all_s", "3 time to connect+login all, s", "<=1"),
        new Row("idle.server_cpu_us_per_connect", "3 server CPU µs per connect+login", "<=0.8"),
        new Row("idle.server_cpu_user_us_per_connect", "3 server user CPU µs per connect+login", null),
        new Row("idle.server_cpu_sys_us_per_connect", "3 server kernel CPU µs per connect+login", null),
        new Row("idle.rss_kb_per_conn", "3 server RSS KB/connection (started by bin/push-server)", "<=0.6"),
        new Row("idle.heap_kb_per_conn", "3 heap-after-GC KB/connection (JVM)", "a<10"),
        new Row("idle.broadcast_to_last_ms", "4 broadcast: ms until last socket (median)", null),
        new Row("idle.broadcast_to_last_max_ms", "4 broadcast: ms until last socket (worst)", "<=1"),
        new Row("idle.broadcast_cpu_us_per_delivery", "4 broadcast: server CPU µs/delivery", "<=0.8"),
        new Row("idle.broadcast_cpu_user_us_per_delivery", "4 broadcast: server user CPU µs/delivery", null),
        new Row("idle.broadcast_cpu_sys_us_per_delivery", "4 broadcast: server kernel CPU µs/delivery", null),
    };
    private static final Row[] CLUSTER_ROWS = clusterRows();

    /** Scenario 5 (2 nodes), 5c (3 nodes) and 5r (Redis Cluster): the same rows, user and kernel CPU apart. */
    private static Row[] clusterRows() {
        java.util.List<Row> rows = new java.util.ArrayList<>();
        String[][] runs = {{"cluster", "5"}, {"cluster3", "5c"}, {"rcluster", "5r"}};
        for (String[] run : runs) {
            String k = run[0];
            String n = run[1];
            rows.add(new Row(k + ".offered_posts_per_s", n + " cluster fixed rate: offered POSTs/s", null));
            rows.add(new Row(k + ".deliveries_per_s", n + " cluster: deliveries/s", null));
            rows.add(new Row(k + ".latency_p50_ms", n + " cluster latency p50 ms", null));
            rows.add(new Row(k + ".latency_p99_ms", n + " cluster latency p99 ms", "<=1"));
            rows.add(new Row(k + ".latency_max_ms", n + " cluster latency max ms", null));
            for (String node : new String[] {"a", "b", "c", "redis", "redis1", "redis2", "redis3"}) {
                String label = n + " " + (node.equals("a") ? "node A (POSTed to)" : node.startsWith("redis") ? node : "node " + node.toUpperCase(Locale.ROOT));
                rows.add(new Row(k + ".cpu_us_per_delivery." + node, label + " CPU µs/delivery", node.equals("redis") ? "<=1" : null));
                rows.add(new Row(k + ".cpu_user_us_per_delivery." + node, label + " user CPU µs/delivery", null));
                rows.add(new Row(k + ".cpu_sys_us_per_delivery." + node, label + " kernel CPU µs/delivery", null));
            }
            rows.add(new Row(k + ".cpu_us_per_delivery.total", n + " all processes CPU µs/delivery", "<=1"));
            rows.add(new Row(k + ".cpu_user_us_per_delivery.total", n + " all processes user CPU µs/delivery", "<=0.6"));
            rows.add(new Row(k + ".cpu_sys_us_per_delivery.total", n + " all processes kernel CPU µs/delivery", null));
        }
        return rows.toArray(Row[]::new);
    }

    private static final Row[] FIGURE_ROWS = {
        new Row("figures.local.req_per_s", "6 cluster requests: push to a token on A, posted to A, req/s", null),
        new Row("figures.local.p50_ms", "6 local push p50 ms", null),
        new Row("figures.cross_node.req_per_s", "6 push to a token on B, posted to A, req/s", null),
        new Row("figures.cross_node.p50_ms", "6 cross-node push p50 ms", null),
        new Row("figures.cross_node.p99_ms", "6 cross-node push p99 ms", null),
        new Row("figures.broadcast.req_per_s", "6 broadcast posted to A, req/s", null),
        new Row("figures.broadcast.p99_ms", "6 broadcast p99 ms", null),
    };


    private static final String[] CHECKS = {"loss", "duplicates", "misrouted", "extra", "post_errors", "connect_failed"};

    static String render(String[] args) throws Exception {
        String aName = "a";
        String bName = "b";
        Properties a = new Properties();
        Properties b = new Properties();
        for (int i = 1; i + 1 < args.length; i += 2) {
            String v = args[i + 1];
            int eq = v.indexOf('=');
            String name = v.substring(0, eq);
            Properties p = Bench.load(Path.of(v.substring(eq + 1)));
            if (args[i].equals("--a")) {
                aName = name;
                a = p;
            } else if (args[i].equals("--b")) {
                bName = name;
                b = p;
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s/%s | target | met |%n", "figure", aName, bName,
            aName, bName));
        sb.append("|---|---:|---:|---:|---|---|\n");
        java.util.List<Row> all = new java.util.ArrayList<>(java.util.List.of(ROWS));
        all.addAll(java.util.List.of(CLUSTER_ROWS));
        all.addAll(java.util.List.of(FIGURE_ROWS));
        for (Row row : all) {
            String av = a.getProperty(row.key);
            String bv = b.getProperty(row.key);
            if (av == null && bv == null) {
                continue;
            }
            double x = parse(av);
            double y = parse(bv);
            double ratio = x / y;
            String met = "";
            String target = row.target == null ? "" : row.target;
            if (row.target != null) {
                if (row.target.startsWith("a<")) {
                    double lim = Double.parseDouble(row.target.substring(2));
                    met = Double.isNaN(x) ? "?" : (x < lim ? "yes" : "NO");
                    target = aName + " < " + row.target.substring(2);
                } else if (row.target.startsWith("<=")) {
                    double lim = Double.parseDouble(row.target.substring(2));
                    met = Double.isNaN(ratio) ? "?" : (ratio <= lim ? "yes" : "NO");
                    target = "ratio " + row.target;
                } else if (row.target.startsWith(">=")) {
                    double lim = Double.parseDouble(row.target.substring(2));
                    met = Double.isNaN(ratio) ? "?" : (ratio >= lim ? "yes" : "NO");
                    target = "ratio " + row.target;
                }
            }
            sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n", row.label, num(x), num(y),
                Double.isNaN(ratio) || Double.isInfinite(ratio) ? "-" : String.format(Locale.ROOT, "%.2f", ratio),
                target, met));
        }
        // Correctness: every scenario must deliver each expected push exactly once.
        for (String check : CHECKS) {
            sb.append(String.format(Locale.ROOT, "| correctness: %s (all scenarios) | %s | %s | | 0 | %s |%n", check,
                num(sum(a, check)), num(sum(b, check)), sum(a, check) == 0 && sum(b, check) == 0 ? "yes" : "NO"));
        }
        return sb.toString();
    }

    private static double sum(Properties p, String suffix) {
        double s = 0;
        for (String k : p.stringPropertyNames()) {
            if (k.endsWith("." + suffix)) {
                s += parse(p.getProperty(k));
            }
        }
        return s;
    }

    private static double parse(String s) {
        if (s == null) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static String num(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        double a = Math.abs(v);
        if (a >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
