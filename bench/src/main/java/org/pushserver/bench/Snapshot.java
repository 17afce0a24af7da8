package org.pushserver.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** Counters and CPU times at one instant. */
final class Snapshot {
    long nanos;
    long unique;
    long posts;
    long genCpu;
    final Map<String, Long> cpu = new LinkedHashMap<>();
    /** User CPU of each named process, microseconds; its kernel CPU is {@code cpu - user}. */
    final Map<String, Long> user = new LinkedHashMap<>();

    static Snapshot take(Config cfg, Tracker tr, Posters p) {
        Snapshot s = new Snapshot();
        s.nanos = System.nanoTime();
        s.unique = tr.unique.sum();
        s.posts = p.ok.sum();
        s.genCpu = Proc.cpuMicros(0);
        for (Map.Entry<String, Long> e : cfg.pids.entrySet()) {
            long[] us = Proc.cpuUserSysMicros(e.getValue());
            s.cpu.put(e.getKey(), us == null ? -1 : us[0] + us[1]);
            s.user.put(e.getKey(), us == null ? -1 : us[0]);
        }
        return s;
    }
}
