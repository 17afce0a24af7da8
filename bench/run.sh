#!/usr/bin/env bash
# Benchmark: Java push-server vs the Node.js socket.io 4 peer (bench/node-peer), same scenarios, same generator.
#
#   bench/run.sh [--quick] [--no-build] [--no-cluster] [--only-cluster] [--jfr] [--gc parallel|g1] [--out DIR]
#
#   --quick         small sizes and short windows (about 2 minutes in all)
#   --no-build      use the jars and node_modules already there
#   --no-cluster    skip scenarios 5, 5c and 6 (two and three nodes through Redis; 5r on Redis Cluster when
#                   bench/redis-cluster.sh is there)
#   --only-cluster  run only scenarios 5 and 6
#   --jfr           afterwards, profile the Java server under the closed loop with JFR and print its hot methods
#   --gc NAME       GC of the Java server: serial (default: config/jvm.options as is), parallel or g1
#   --aot           let bin/push-server use its AOT cache (Java 25+, JAVA_HOME); off by default: warm figures
#   --no-pin        do not pin: by default (taskset, 2+ cores) scenarios 1-4 run the server on core 0 and the
#                   generator on core 1, so each server gets exactly one core and never competes with its load
#   --cluster-rate N  POSTs/s offered in scenario 5 (default 300; a rate both clusters carry on 2 cores)
#   --out DIR       where results go (default bench/target/results/<date>)
#   --history       instead of 1-6: history on (HISTORY_SIZE=100) vs off (HISTORY_SIZE=0), the Java server only,
#                   fixed-rate fan-out; 7 on one node (pinned), 8 in the 2-node cluster (Redis CPU included); runs
#                   alternate off/on, each on a fresh JVM; prints the medians and the on/off ratio
#   --storm         instead of 1-6 (after --history when both are given): 9, recovery storm on the lastMessageId
#                   resume path: --storm-sockets sockets dropped at once, time and CPU until all recovered
#   --repeat N      runs per arm in --history (default 3); with --only-cluster, --history runs 8 only
#   --history-rate N  POSTs/s offered in 7 (default 400; 20 deliveries each); 8 uses --cluster-rate
#   --storm-sockets N  sockets in the storm (default 10000, --quick 1000)
#   --warmup S      seconds of load before each measured window of 1, 2 and 7 (default 10, --quick 2)
#
# Everything listens on 127.0.0.1 only; every process started here is stopped by its PID on exit.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH="$ROOT/bench"
AOT=off QUICK=0 BUILD=1 CLUSTER=1 ONLY_CLUSTER=0 JFR=0 GC=serial OUT="" CLUSTER_RATE=300 PIN=1
HISTORY=0 STORM=0 REPEAT=3 HISTORY_RATE=400 STORM_SOCKETS="" WARMUP_ARG=""
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=1 ;;
    --no-build) BUILD=0 ;;
    --no-cluster) CLUSTER=0 ;;
    --only-cluster) ONLY_CLUSTER=1 ;;
    --jfr) JFR=1 ;;
    --aot) AOT=auto ;;
    --no-pin) PIN=0 ;;
    --gc) GC="$2"; shift ;;
    --cluster-rate) CLUSTER_RATE="$2"; shift ;;
    --out) OUT="$2"; shift ;;
    --history) HISTORY=1 ;;
    --storm) STORM=1 ;;
    --repeat) REPEAT="$2"; shift ;;
    --history-rate) HISTORY_RATE="$2"; shift ;;
    --storm-sockets) STORM_SOCKETS="$2"; shift ;;
    --warmup) WARMUP_ARG="$2"; shift ;;
    -h|--help) sed -n '2,30p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 64 ;;
  esac
  shift
done

# ---- sizes ---------------------------------------------------------------------------------------------
if [ "$QUICK" = 1 ]; then
  FAN_SOCKETS=1000 FAN_TOKENS=500 POSTERS=32 WARMUP=2 DURATION=4 IDLE_SOCKETS=2000 BROADCASTS=3 FIGURE_REQUESTS=600
else
  FAN_SOCKETS=2000 FAN_TOKENS=1000 POSTERS=32 WARMUP=10 DURATION=10 IDLE_SOCKETS=10000 BROADCASTS=3 FIGURE_REQUESTS=3000
fi
[ -z "$WARMUP_ARG" ] || WARMUP="$WARMUP_ARG"
TOKENS_PER_POST=10
[ -n "$STORM_SOCKETS" ] || STORM_SOCKETS=$(( QUICK ? 1000 : 10000 ))
# The cluster path runs much more code (Redisson, Jackson, pub/sub) than a local push: both sides get a longer
# warm-up there, so scenario 5 measures steady state rather than the JIT compilers (measured: ~40% of a Java node's
# CPU in the first 15 s goes to C1/C2).
CLUSTER_WARMUP=$(( QUICK ? WARMUP : 30 ))
FIXED_SHARE=0.6   # fixed-rate load = this share of the Node peer's closed-loop POSTs/s

# ---- JVM flags -----------------------------------------------------------------------------------------
# The Java server starts through bin/push-server, as the README says, so every figure (RSS per idle connection
# included) is the one a user gets. Its flags are config/jvm.options: Serial GC with a small young generation (on
# one core it costs no more CPU than the others, and the pages a large eden touches would otherwise count in the
# resident memory of every idle connection; measured: 23 KB -> 10 KB). --gc parallel|g1 swaps in another file.
JVM_OPTIONS_FILE="$ROOT/config/jvm.options"
case "$GC" in
  serial) SERVER_GC=() ;;
  parallel) SERVER_GC=(-XX:+UseParallelGC -Xms512m -Xmx512m) ;;
  g1) SERVER_GC=(-XX:+UseG1GC -Xms512m -Xmx512m) ;;
  *) echo "--gc serial|parallel|g1" >&2; exit 64 ;;
esac
# The AOT cache (Java 25+ only) changes the first seconds, not the warm figures measured here: off unless --aot.
# Core pinning: servers (and Redis) on core 0, the generator on core 1.
PIN_SERVER=() PIN_GEN=()
if [ "$PIN" = 1 ] && command -v taskset >/dev/null && [ "$(nproc)" -ge 2 ]; then
  PIN_SERVER=(taskset -c 0) PIN_GEN=(taskset -c 1)
fi
# The generator: its own heap, so its GC never sits in a server measurement.
GEN_OPTS=(-Xms1g -Xmx1g -XX:+UseParallelGC)

[ -n "$OUT" ] || OUT="$BENCH/target/results/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
JAVA_RES="$OUT/java.properties" NODE_RES="$OUT/node.properties"
: > "$JAVA_RES"; : > "$NODE_RES"

# Sockets: 10k connections on each side of loopback.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if [ "$(ulimit -n)" -lt $((STORM_SOCKETS + 1000)) ]; then
  echo "warning: ulimit -n is $(ulimit -n); storm reduced" >&2
  STORM_SOCKETS=$(( ($(ulimit -n) - 1000) / 100 * 100 ))
fi
if [ "$(ulimit -n)" -lt $((IDLE_SOCKETS + 1000)) ]; then
  echo "warning: ulimit -n is $(ulimit -n); idle scenario reduced" >&2
  IDLE_SOCKETS=$(( $(ulimit -n) - 1000 ))
fi

# ---- process bookkeeping ------------------------------------------------------------------------------
PIDS=()
stop_pid() {
  local pid="$1" i
  kill "$pid" 2>/dev/null || return 0
  for i in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
}
cleanup() {
  local p
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && stop_pid "$p"; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { printf '\n== %s ==\n' "$*" >&2; }

wait_port() { # port pid: bounded wait until something listens
  local port="$1" pid="$2" i
  for i in $(seq 1 300); do
    kill -0 "$pid" 2>/dev/null || { echo "process $pid died; see $OUT/*.log" >&2; return 1; }
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "nothing listens on $port after 30 s" >&2; return 1
}

BENCH_JAR="$BENCH/target/bench.jar"
SERVER_JAR="$ROOT/server/target/push-server.jar"
freeport() { java -jar "$BENCH_JAR" freeport; }
gen() { "${PIN_GEN[@]}" java "${GEN_OPTS[@]}" -jar "$BENCH_JAR" "$@" || echo "(generator exit $? : correctness check failed, see above)" >&2; }

# start_java NAME PORT [REDIS_URL] -> sets STARTED_PID
start_java() {
  local name="$1" port="$2" redis="${3:-}" extra=()
  [ -n "$redis" ] && extra=(--redis-url "$redis")
  PUSH_SERVER_JAR="$SERVER_JAR" PUSH_SERVER_JVM_OPTIONS="$JVM_OPTIONS_FILE" PUSH_SERVER_AOT="$AOT" \
  PUSH_SERVER_AOT_DIR="$OUT" JAVA_OPTS="${JAVA_EXTRA_OPTS:-}" \
    "${PIN_SERVER[@]}" "$LAUNCHER" --host 127.0.0.1 --port "$port" "${extra[@]}" > "$OUT/$name.log" 2>&1 &
  STARTED_PID=$!
  PIDS+=("$STARTED_PID")
  wait_port "$port" "$STARTED_PID"
}
# start_node NAME PORT [REDIS_URL] -> sets STARTED_PID
start_node() {
  local name="$1" port="$2" redis="${3:-}"
  PORT="$port" HOST=127.0.0.1 REDIS_URL="$redis" "${PIN_SERVER[@]}" node "$BENCH/node-peer/server.js" > "$OUT/$name.log" 2>&1 &
  STARTED_PID=$!
  PIDS+=("$STARTED_PID")
  wait_port "$port" "$STARTED_PID"
}

find_redis() { # sets REDIS_BIN: redis-server on the PATH, or the one inside the embedded-redis jar
  REDIS_BIN="$(command -v redis-server || true)"
  if [ -z "$REDIS_BIN" ]; then
    # The redis-server binary shipped inside the embedded-redis jar (a test dependency of the server).
    EMB_JAR="$(ls "$HOME"/.m2/repository/com/github/codemonstur/embedded-redis/*/embedded-redis-*.jar 2>/dev/null | grep -v sources | tail -1 || true)"
    if [ -n "$EMB_JAR" ]; then
      mkdir -p "$BENCH/target/redis"
      ENTRY="$(jar tf "$EMB_JAR" 2>/dev/null | grep -E '^redis-server-.*-linux-amd64$' | head -1 || true)"
      [ -n "$ENTRY" ] && (cd "$BENCH/target/redis" && jar xf "$EMB_JAR" "$ENTRY" && chmod +x "$ENTRY")
      [ -n "$ENTRY" ] && REDIS_BIN="$BENCH/target/redis/$ENTRY"
    fi
  fi
}

T0=$(date +%s)
LOAD0="$(cut -d' ' -f1-3 /proc/loadavg)"
# ---- build ---------------------------------------------------------------------------------------------
if [ "$BUILD" = 1 ]; then
  log "build (mvn package server+bench, npm ci node-peer)"
  (cd "$ROOT" && mvn -q -pl server,bench -am -DskipTests package)
  (cd "$BENCH/node-peer" && npm ci --no-audit --no-fund --loglevel=error)
fi
[ -f "$BENCH_JAR" ] || { echo "missing $BENCH_JAR" >&2; exit 1; }
[ -f "$SERVER_JAR" ] || { echo "missing $SERVER_JAR" >&2; exit 1; }
[ "$HISTORY$STORM" != 00 ] || [ -d "$BENCH/node-peer/node_modules/socket.io" ] || { echo "run npm ci in bench/node-peer (or drop --no-build)" >&2; exit 1; }
# Run private copies: a rebuild of server/target while the bench runs must not pull classes from under the JVMs.
cp "$SERVER_JAR" "$OUT/push-server.jar"; SERVER_JAR="$OUT/push-server.jar"
cp "$BENCH_JAR" "$OUT/bench.jar"; BENCH_JAR="$OUT/bench.jar"
cp "$ROOT/bin/push-server" "$OUT/push-server"; LAUNCHER="$OUT/push-server"
if [ "${#SERVER_GC[@]}" -gt 0 ]; then   # the file's lines but its collector and heap sizes
  grep -v -E '^-XX:\+Use[A-Za-z]+GC$|^-Xm[sxn]' "$JVM_OPTIONS_FILE" > "$OUT/jvm.options"
  printf '%s\n' "${SERVER_GC[@]}" >> "$OUT/jvm.options"
else
  cp "$JVM_OPTIONS_FILE" "$OUT/jvm.options"
fi
JVM_OPTIONS_FILE="$OUT/jvm.options"
echo "java server flags ($JVM_OPTIONS_FILE): $(grep -v -e '^#' -e '^$' "$JVM_OPTIONS_FILE" | tr '\n' ' ')" >&2

FAN_ARGS=(--sockets "$FAN_SOCKETS" --tokens "$FAN_TOKENS" --tokens-per-post "$TOKENS_PER_POST" --posters "$POSTERS"
          --warmup "$WARMUP" --duration "$DURATION")

if [ "$HISTORY" = 1 ] || [ "$STORM" = 1 ]; then
  . "$BENCH/history-storm.sh"
  exit 0
fi

if [ "$ONLY_CLUSTER" = 0 ]; then
  # ---- servers ---------------------------------------------------------------------------------------
  NODE_PORT=$(freeport); start_node node "$NODE_PORT"; NODE_PID=$STARTED_PID
  JAVA_PORT=$(freeport); start_java java "$JAVA_PORT"; JAVA_PID=$STARTED_PID
  echo "node peer pid $NODE_PID port $NODE_PORT; java server pid $JAVA_PID port $JAVA_PORT" >&2
  sleep 2

  # ---- 3+4: idle sockets, then broadcast (each server still fresh) ----------------------------------------
  log "3+4 idle $IDLE_SOCKETS sockets + broadcast: node"
  gen idle --url "http://127.0.0.1:$NODE_PORT" --pid "server=$NODE_PID" --sockets "$IDLE_SOCKETS" \
    --tokens "$IDLE_SOCKETS" --broadcasts "$BROADCASTS" --out "$NODE_RES"
  log "3+4 idle $IDLE_SOCKETS sockets + broadcast: java"
  gen idle --url "http://127.0.0.1:$JAVA_PORT" --pid "server=$JAVA_PID" --jvm-pid "$JAVA_PID" \
    --sockets "$IDLE_SOCKETS" --tokens "$IDLE_SOCKETS" --broadcasts "$BROADCASTS" --out "$JAVA_RES"
  sleep 2

  # ---- 1: fan-out closed loop ------------------------------------------------------------------------
  log "1 fan-out closed loop: node"
  gen closed --url "http://127.0.0.1:$NODE_PORT" --pid "server=$NODE_PID" "${FAN_ARGS[@]}" --out "$NODE_RES"
  log "1 fan-out closed loop: java"
  gen closed --url "http://127.0.0.1:$JAVA_PORT" --pid "server=$JAVA_PID" "${FAN_ARGS[@]}" --out "$JAVA_RES"

  # ---- 2: fan-out at a fixed rate both carry --------------------------------------------------------
  NODE_MAX=$(grep '^closed.posts_per_s=' "$NODE_RES" | cut -d= -f2)
  RATE=$(awk -v m="${NODE_MAX:-0}" -v s="$FIXED_SHARE" 'BEGIN { r = int(m * s); if (r < 50) r = 50; print r }')
  log "2 fan-out fixed rate $RATE POSTs/s: node"
  gen fixed --url "http://127.0.0.1:$NODE_PORT" --pid "server=$NODE_PID" "${FAN_ARGS[@]}" --posters 64 --rate "$RATE" \
    --out "$NODE_RES"
  log "2 fan-out fixed rate $RATE POSTs/s: java"
  gen fixed --url "http://127.0.0.1:$JAVA_PORT" --pid "server=$JAVA_PID" "${FAN_ARGS[@]}" --posters 64 --rate "$RATE" \
    --out "$JAVA_RES"
  echo "server.java.rss_end_mb=$(awk '/VmRSS/ {print $2/1024}' /proc/$JAVA_PID/status)" >> "$JAVA_RES"
  echo "server.node.rss_end_mb=$(awk '/VmRSS/ {print $2/1024}' /proc/$NODE_PID/status)" >> "$NODE_RES"
  stop_pid "$NODE_PID"; stop_pid "$JAVA_PID"
fi

# ---- 5: cluster through Redis ---------------------------------------------------------------------------
# Two nodes and Redis on one core would measure starvation (Redis timeouts), not the cluster: scenario 5 runs unpinned.
PIN_SERVER=() PIN_GEN=()
if [ "$CLUSTER" = 1 ]; then
  find_redis
  if [ -z "$REDIS_BIN" ]; then
    echo "no redis-server (apt-get install redis-server, or build the server once so embedded-redis is in ~/.m2): cluster skipped" >&2
  else
    REDIS_PORT=$(freeport)
    "${PIN_SERVER[@]}" "$REDIS_BIN" --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --protected-mode yes \
      > "$OUT/redis.log" 2>&1 &
    REDIS_PID=$!; PIDS+=("$REDIS_PID"); wait_port "$REDIS_PORT" "$REDIS_PID"
    REDIS_URL="redis://127.0.0.1:$REDIS_PORT"
    # Fixed rate: a node answers POST /api before the other node has delivered, so a closed loop would only
    # measure how fast the Redis backlog grows.
    CL_ARGS=(--sockets "$FAN_SOCKETS" --tokens "$FAN_TOKENS" --tokens-per-post "$TOKENS_PER_POST" --posters 64
             --rate "$CLUSTER_RATE" --warmup "$CLUSTER_WARMUP" --duration "$DURATION" --prefix cluster)

    log "5 cluster at $CLUSTER_RATE POSTs/s (POST to A, sockets on B, Redis $REDIS_PORT): node"
    PA=$(freeport); start_node node-a "$PA" "$REDIS_URL"; NA=$STARTED_PID
    PB=$(freeport); start_node node-b "$PB" "$REDIS_URL"; NB=$STARTED_PID
    sleep 1
    gen fixed --url "http://127.0.0.1:$PB" --api-url "http://127.0.0.1:$PA" \
      --pid "a=$NA" --pid "b=$NB" --pid "redis=$REDIS_PID" "${CL_ARGS[@]}" --out "$NODE_RES"
    log "6 cluster request figures ($FIGURE_REQUESTS POSTs per row, 16 in flight): node"
    gen cluster-figures --url "http://127.0.0.1:$PB" --api-url "http://127.0.0.1:$PA" --requests "$FIGURE_REQUESTS" \
      --posters 16 --prefix figures --out "$NODE_RES"
    stop_pid "$NA"; stop_pid "$NB"

    log "5 cluster at $CLUSTER_RATE POSTs/s (POST to A, sockets on B, Redis $REDIS_PORT): java"
    PA=$(freeport); start_java java-a "$PA" "$REDIS_URL"; JA=$STARTED_PID
    PB=$(freeport); start_java java-b "$PB" "$REDIS_URL"; JB=$STARTED_PID
    sleep 2
    gen fixed --url "http://127.0.0.1:$PB" --api-url "http://127.0.0.1:$PA" \
      --pid "a=$JA" --pid "b=$JB" --pid "redis=$REDIS_PID" "${CL_ARGS[@]}" --out "$JAVA_RES"
    log "6 cluster request figures ($FIGURE_REQUESTS POSTs per row, 16 in flight): java"
    gen cluster-figures --url "http://127.0.0.1:$PB" --api-url "http://127.0.0.1:$PA" --requests "$FIGURE_REQUESTS" \
      --posters 16 --prefix figures --out "$JAVA_RES"
    stop_pid "$JA"; stop_pid "$JB"

    # ---- 5c: the same with 3 nodes: POSTs to A, the sockets split between B and C (each token's on one node) ----
    CL3_ARGS=("${CL_ARGS[@]/#cluster/cluster3}")
    run_cluster3() { # KIND (node|java) RESULTS
      local kind="$1" res="$2" pa pb pc a b c
      log "5c cluster of 3 at $CLUSTER_RATE POSTs/s (POST to A, sockets on B and C): $kind"
      pa=$(freeport); "start_$kind" "${kind}3-a" "$pa" "$REDIS_URL"; a=$STARTED_PID
      pb=$(freeport); "start_$kind" "${kind}3-b" "$pb" "$REDIS_URL"; b=$STARTED_PID
      pc=$(freeport); "start_$kind" "${kind}3-c" "$pc" "$REDIS_URL"; c=$STARTED_PID
      sleep 2
      gen fixed --url "http://127.0.0.1:$pb,http://127.0.0.1:$pc" --api-url "http://127.0.0.1:$pa" \
        --pid "a=$a" --pid "b=$b" --pid "c=$c" --pid "redis=$REDIS_PID" "${CL3_ARGS[@]}" --out "$res"
      stop_pid "$a"; stop_pid "$b"; stop_pid "$c"
    }
    run_cluster3 node "$NODE_RES"
    run_cluster3 java "$JAVA_RES"
    stop_pid "$REDIS_PID"

    # ---- 5r: Redis Cluster (3 masters), Java only: the hook for the topologies work -------------------------
    # bench/redis-cluster.sh, when there, defines start_redis_cluster: it starts 3 masters on free loopback ports
    # with $REDIS_BIN, adds their PIDs to PIDS, and sets REDIS_CLUSTER_URL (what --redis-url takes for a cluster)
    # and REDIS_CLUSTER_PIDS (their PIDs, space-separated). Without it this scenario is skipped, and says so.
    if [ -f "$BENCH/redis-cluster.sh" ]; then
      . "$BENCH/redis-cluster.sh"
      start_redis_cluster
      RC_PIDS=() ; for p in $REDIS_CLUSTER_PIDS; do RC_PIDS+=(--pid "redis$(( ${#RC_PIDS[@]} / 2 + 1 ))=$p"); done
      log "5r Redis Cluster at $CLUSTER_RATE POSTs/s (POST to A, sockets on B): java"
      PA=$(freeport); start_java java-rc-a "$PA" "$REDIS_CLUSTER_URL"; JA=$STARTED_PID
      PB=$(freeport); start_java java-rc-b "$PB" "$REDIS_CLUSTER_URL"; JB=$STARTED_PID
      sleep 2
      gen fixed --url "http://127.0.0.1:$PB" --api-url "http://127.0.0.1:$PA" --pid "a=$JA" --pid "b=$JB" \
        "${RC_PIDS[@]}" "${CL_ARGS[@]/#cluster/rcluster}" --out "$JAVA_RES"
      stop_pid "$JA"; stop_pid "$JB"; for p in $REDIS_CLUSTER_PIDS; do stop_pid "$p"; done
    else
      echo "5r Redis Cluster skipped: no bench/redis-cluster.sh (it comes with the Redis Cluster/Sentinel work)" >&2
    fi
  fi
fi

# ---- optional: JFR profile of the Java server under the closed loop ---------------------------------------
if [ "$JFR" = 1 ]; then
  log "JFR profile of the java server (closed loop)"
  JFR_FILE="$OUT/java-server.jfr"
  PJ=$(freeport)
  JAVA_EXTRA_OPTS="-XX:StartFlightRecording=filename=$JFR_FILE,settings=profile,dumponexit=true" \
    start_java java-jfr "$PJ"; PJFR=$STARTED_PID
  sleep 2
  gen closed --url "http://127.0.0.1:$PJ" --pid "server=$PJFR" "${FAN_ARGS[@]}" --prefix jfr > "$OUT/jfr-run.properties"
  stop_pid "$PJFR"
  if [ -f "$JFR_FILE" ]; then
    set +o pipefail   # head closes the pipes early
    jfr print --events jdk.ExecutionSample "$JFR_FILE" > "$OUT/jfr-samples.txt" || true
    {
      echo "top frames (self time, ExecutionSample):"
      grep -A1 'stackTrace = \[' "$OUT/jfr-samples.txt" | grep -v -e 'stackTrace = \[' -e '^--' \
        | sed -E 's/line:.*//; s/^ +//' | sort | uniq -c | sort -rn | head -25
      echo "top server frames (first org.pushserver / com.corundumstudio frame of each sample):"
      awk '/stackTrace = \[/ {s=1; next} s && /(org\.pushserver|com\.corundumstudio)/ {sub(/line:.*/, ""); gsub(/^ +/, ""); print; s=0} /^\]/ {s=0}' \
        "$OUT/jfr-samples.txt" | sort | uniq -c | sort -rn | head -15
    } > "$OUT/jfr-hot.txt"
    cat "$OUT/jfr-hot.txt"
    set -o pipefail
  fi
fi

# ---- table ------------------------------------------------------------------------------------------------
T1=$(date +%s)
log "results ($OUT), $(nproc) cpus, $((T1 - T0)) s"
echo "$(date -u +%Y-%m-%dT%H:%MZ); $(nproc) cpus; load average at start $LOAD0, at end $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine skews every figure)" | tee "$OUT/machine.txt"
java -jar "$BENCH_JAR" report --a "java=$JAVA_RES" --b "node=$NODE_RES" | tee "$OUT/table.md"
grep -h '^#' "$JAVA_RES" "$NODE_RES" 2>/dev/null || true
