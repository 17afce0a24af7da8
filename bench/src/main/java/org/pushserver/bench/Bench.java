package org.pushserver.bench;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Command line of the load generator.
 *
 * <pre>
 *   java -jar bench.jar closed|fixed|idle --url http://127.0.0.1:PORT --pid server=PID [options] [--out FILE]
 *   java -jar bench.jar storm --url http://127.0.0.1:PORT --pid server=PID [--sockets N] [--missed N]
 *   java -jar bench.jar cluster-figures --url http://NODE_B --api-url http://NODE_A [--requests N] [--posters N]
 *   java -jar bench.jar report --a java=FILE --b node=FILE
 *   java -jar bench.jar freeport
 * </pre>
 *
 * Options: --api-url URL, --sockets N, --tokens N, --tokens-per-post N, --posters N, --warmup S, --duration S,
 * --rate POSTS_PER_S, --payload BYTES, --io-threads N, --connect-concurrency N, --broadcasts N, --idle-warmup N, --requests N,
 * --missed N,
 * --pid NAME=PID (repeatable), --jvm-pid PID, --rss-pid PID, --prefix KEY_PREFIX, --out FILE (appends key=value).
 * Exit status 0 if every expected delivery arrived exactly once (cluster-figures: every request was answered 200
 * without a cluster error), 2 otherwise.
 */
public final class Bench {
    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: bench closed|fixed|idle|storm|cluster-figures|report [--flag value]...");
            System.exit(64);
        }
        String scenario = args[0];
        if (scenario.equals("freeport")) {
            try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                System.out.println(s.getLocalPort());
            }
            return;
        }
        if (scenario.equals("report")) {
            System.out.print(Report.render(args));
            return;
        }
        Config cfg = new Config();
        String prefix = scenario;
        Path out = null;
        for (int i = 1; i < args.length; i += 2) {
            String flag = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value for " + flag);
            }
            String v = args[i + 1];
            switch (flag) {
                case "--url" -> cfg.url = v;
                case "--api-url" -> cfg.apiUrl = v;
                case "--sockets" -> cfg.sockets = Integer.parseInt(v);
                case "--tokens" -> cfg.tokens = Integer.parseInt(v);
                case "--tokens-per-post" -> cfg.tokensPerPost = Integer.parseInt(v);
                case "--posters" -> cfg.posters = Integer.parseInt(v);
                case "--warmup" -> cfg.warmup = Double.parseDouble(v);
                case "--duration" -> cfg.duration = Double.parseDouble(v);
                case "--rate" -> cfg.rate = Double.parseDouble(v);
                case "--payload" -> cfg.payload = Integer.parseInt(v);
                case "--io-threads" -> cfg.ioThreads = Integer.parseInt(v);
                case "--connect-concurrency" -> cfg.connectConcurrency = Integer.parseInt(v);
                case "--broadcasts" -> cfg.broadcasts = Integer.parseInt(v);
                case "--idle-warmup" -> cfg.idleWarmup = Integer.parseInt(v);
                case "--requests" -> cfg.requests = Integer.parseInt(v);
                case "--missed" -> cfg.missed = Integer.parseInt(v);
                case "--pid" -> {
                    int eq = v.indexOf('=');
                    cfg.pids.put(v.substring(0, eq), Long.parseLong(v.substring(eq + 1)));
                }
                case "--jvm-pid" -> cfg.jvmPid = Long.parseLong(v);
                case "--rss-pid" -> cfg.rssPid = Long.parseLong(v);
                case "--prefix" -> prefix = v;
                case "--out" -> out = Path.of(v);
                default -> throw new IllegalArgumentException("unknown flag " + flag);
            }
        }
        Results r = switch (scenario) {
            case "closed" -> Scenarios.fanOut(cfg, false);
            case "fixed" -> Scenarios.fanOut(cfg, true);
            case "idle" -> Scenarios.idleAndBroadcast(cfg);
            case "storm" -> Storm.run(cfg);
            case "cluster-figures" -> ClusterFigures.run(cfg);
            default -> throw new IllegalArgumentException("unknown scenario " + scenario);
        };
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Double> e : r.values.entrySet()) {
            sb.append(prefix).append('.').append(e.getKey()).append('=').append(fmt(e.getValue())).append('\n');
        }
        for (String n : r.notes) {
            sb.append("# ").append(prefix).append(": ").append(n).append('\n');
        }
        System.out.print(sb);
        if (out != null) {
            Files.writeString(out, sb, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        boolean exact = scenario.equals("cluster-figures")
            ? r.get("connect_failed") == 0 && r.values.entrySet().stream().noneMatch(e -> e.getKey().endsWith(".failed") && e.getValue() > 0)
            : r.get("loss") == 0 && r.get("duplicates") == 0 && r.get("misrouted") == 0
            && r.get("extra") == 0 && r.get("connect_failed") == 0 && r.get("post_errors") == 0 && r.get("posts_ok") > 0;
        System.exit(exact ? 0 : 2);
    }

    static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.4f", v);
    }

    static Properties load(Path p) throws IOException {
        Properties props = new Properties();
        if (Files.exists(p)) {
            try (Reader r = Files.newBufferedReader(p)) {
                props.load(r);
            }
        }
        return props;
    }
}
