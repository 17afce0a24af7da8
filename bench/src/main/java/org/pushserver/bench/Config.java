package org.pushserver.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** Settings of one scenario run; every field has a command-line flag of the same name (see {@link Bench}). */
final class Config {
    /** Base URL of the server the websockets connect to, e.g. http://127.0.0.1:3000. */
    String url = "http://127.0.0.1:3000";
    /** Base URL POSTs go to; defaults to {@link #url} (differs in the cluster scenario). */
    String apiUrl;
    int sockets = 2000;
    int tokens = 1000;
    int tokensPerPost = 10;
    int posters = 16;
    double warmup = 3;
    double duration = 10;
    /** Offered pushes per second (fixed-rate scenario). */
    double rate = 1000;
    /** Extra bytes of filler in each pushed data, to look like a real message. */
    int payload = 64;
    int ioThreads = 2;
    int connectConcurrency = 200;
    /**
     * Sockets connected, logged in and closed before the idle scenario's baseline, so one-time costs (JIT code and
     * compiler arenas, first buffer-pool chunks) are not counted as per-connection memory.
     */
    int idleWarmup = 2000;
    /** Repeats of the broadcast in the idle scenario. */
    int broadcasts = 3;
    /** Pushes each token gets while its socket is away (storm scenario). */
    int missed = 3;
    /** POSTs per row of the cluster-figures measurement (a third more to warm up). */
    int requests = 3000;
    /** Named processes whose CPU is measured (name -> pid), e.g. server=1234 or a=1,b=2,redis=3. */
    final Map<String, Long> pids = new LinkedHashMap<>();
    /** Pid of a JVM whose heap-after-GC is measured (idle scenario); 0 for none. */
    long jvmPid;
    /** Pid whose RSS is measured (idle scenario); defaults to the first of {@link #pids}. */
    long rssPid;

    String apiUrl() {
        return apiUrl == null ? url : apiUrl;
    }

    long rssPid() {
        if (rssPid > 0) {
            return rssPid;
        }
        return pids.isEmpty() ? 0 : pids.values().iterator().next();
    }
}
