#!/usr/bin/env bash
# Allocation and CPU per push of the Java server on the local fan-out, measured in a way that other work on the
# machine barely moves: bytes allocated (JFR's jdk.ObjectAllocationSample weights, summed) and the server's user and
# kernel CPU time (/proc), both over a window of steady fixed-rate load, divided by the pushes and deliveries the
# server counted in that window (/metrics). Prints the top allocation sites.
#
#   bench/alloc.sh [--jar JAR] [--rate N] [--seconds S] [--out DIR]
#
#   --jar JAR      the server jar (default server/target/push-server.jar); compare two builds by running it twice
#   --rate N       POSTs/s (default 200; 10 tokens each, 2 sockets per token: ~4,000 deliveries/s)
#   --seconds S    the recorded window (default 20), after 20 s of warm-up load
#   --out DIR      where the recording and figures go (default bench/target/alloc/<date>)
# Both figures depend on the load (a server that falls behind batches more per wake-up): compare builds at the same
# rate on a quiet machine. bench/alloc/PushPathAlloc.java measures the parse and frame alone, exactly, under any load.
# Needs bench/target/bench.jar (mvn -q -pl server,bench -am -DskipTests package). Listens on 127.0.0.1 only; stops
# what it started by PID.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="$ROOT/server/target/push-server.jar" RATE=200 SECONDS_REC=20 OUT=""
while [ $# -gt 0 ]; do
  case "$1" in
    --jar) JAR="$2"; shift ;;
    --rate) RATE="$2"; shift ;;
    --seconds) SECONDS_REC="$2"; shift ;;
    --out) OUT="$2"; shift ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 64 ;;
  esac
  shift
done
[ -n "$OUT" ] || OUT="$ROOT/bench/target/alloc/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$OUT"; OUT="$(cd "$OUT" && pwd)"
BENCH_JAR="$ROOT/bench/target/bench.jar"
[ -f "$BENCH_JAR" ] || { echo "missing $BENCH_JAR" >&2; exit 1; }
cp "$JAR" "$OUT/push-server.jar"; cp "$BENCH_JAR" "$OUT/bench.jar"

PIDS=()
cleanup() { local p; for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
PORT=$(java -jar "$OUT/bench.jar" freeport)
PUSH_SERVER_JAR="$OUT/push-server.jar" PUSH_SERVER_AOT=off "$ROOT/bin/push-server" --host 127.0.0.1 --port "$PORT" \
  > "$OUT/server.log" 2>&1 &
SERVER=$!; PIDS+=("$SERVER")
for i in $(seq 1 600); do
  curl -sf "http://127.0.0.1:$PORT/health" > /dev/null && break
  kill -0 "$SERVER" 2>/dev/null || { echo "the server exited; see $OUT/server.log" >&2; exit 1; }
  sleep 0.1
done

counter() { # the server's count of NAME (a Prometheus counter), 0 before the first
  curl -sf "http://127.0.0.1:$PORT/metrics" | awk -v n="$1" '$1 == n {v = $2} END {printf "%d\n", v + 0}'
}
cpu() { # utime stime of the server, in clock ticks
  sed 's/.*) //' "/proc/$SERVER/stat" | awk '{print $12, $13}'
}

java -Xms512m -Xmx512m -XX:+UseParallelGC -jar "$OUT/bench.jar" fixed --url "http://127.0.0.1:$PORT" \
  --pid "server=$SERVER" --sockets 2000 --tokens 1000 --tokens-per-post 10 --posters 32 --rate "$RATE" \
  --warmup 20 --duration $((SECONDS_REC + 20)) --out "$OUT/generator.properties" > "$OUT/generator.log" 2>&1 &
GEN=$!; PIDS+=("$GEN")
# Warm-up: until the server has taken 20 s worth of pushes (bounded by 180 s).
for i in $(seq 1 1800); do
  [ "$(counter pushserver_pushes_total)" -ge $((RATE * 20)) ] && break
  kill -0 "$GEN" 2>/dev/null || { echo "the generator stopped; see $OUT/generator.log" >&2; exit 1; }
  sleep 0.1
done
P0=$(counter pushserver_pushes_total); D0=$(counter pushserver_deliveries_total); read -r U0 S0 < <(cpu)
jcmd "$SERVER" JFR.start name=alloc settings=profile > /dev/null
sleep "$SECONDS_REC"
jcmd "$SERVER" JFR.stop name=alloc filename="$OUT/alloc.jfr" > /dev/null
P1=$(counter pushserver_pushes_total); D1=$(counter pushserver_deliveries_total); read -r U1 S1 < <(cpu)
wait "$GEN" || true

jfr print --events jdk.ObjectAllocationSample "$OUT/alloc.jfr" > "$OUT/alloc-samples.txt"
# weight = bytes allocated since the thread's previous sample: their sum estimates all allocation in the window.
awk '
  function bytes(v, u) { return u == "bytes" ? v : u == "kB" ? v * 1024 : u == "MB" ? v * 1048576 : u == "GB" ? v * 1073741824 : v }
  /weight = / { w = bytes($3 + 0, $4); want = 1; next }
  want && /(org\.pushserver|com\.corundumstudio|com\.fasterxml|io\.netty|java\.)[^ ]*\(/ && !/java\.(lang|util)\.[A-Za-z.]*(Arrays|String|AbstractStringBuilder|StringBuilder|StringLatin1|StringUTF16)/ {
    site = $0; sub(/line:.*/, "", site); gsub(/^ +/, "", site); by[site] += w; want = 0 }
  END { for (s in by) { printf "site %.0f %s\n", by[s], s; all += by[s] } printf "sampled %.0f\n", all }' "$OUT/alloc-samples.txt" > "$OUT/alloc-sites.txt"
# The total, exactly: per thread, the last jdk.ThreadAllocationStatistics (emitted when a recording starts and
# stops) minus the first. The samples' weights only apportion it to sites (roughly: few samples carry much weight).
TOTAL=$(jfr print --json --events jdk.ThreadAllocationStatistics "$OUT/alloc.jfr" | awk '
  /"allocated":/ { gsub(/[^0-9]/, "", $2); a = $2 }
  /"javaThreadId":/ { gsub(/[^0-9]/, "", $2); if (!($2 in first)) first[$2] = a; last[$2] = a }
  END { for (t in first) total += last[t] - first[t]; printf "%.0f\n", total }')
PUSHES=$((P1 - P0)) DELIVERIES=$((D1 - D0))
{
  echo "jar=$JAR"
  echo "window_s=$SECONDS_REC pushes=$PUSHES deliveries=$DELIVERIES"
  awk -v t="$TOTAL" -v p="$PUSHES" -v d="$DELIVERIES" -v u=$((U1 - U0)) -v s=$((S1 - S0)) 'BEGIN {
    printf "alloc_bytes_per_push=%.0f\nalloc_bytes_per_delivery=%.0f\n", t / p, t / d
    printf "cpu_user_us_per_delivery=%.2f\ncpu_sys_us_per_delivery=%.2f\n", u * 10000 / d, s * 10000 / d }'
} | tee "$OUT/alloc.properties"
echo "top allocation sites (share of the sampled weight, first frame not in String/StringBuilder/Arrays; rough):"
awk '/^sampled/ {all = $2} /^site/ {w[NR] = $2; $1 = ""; $2 = ""; s[NR] = $0} END {for (i in w) printf "%5.1f %%%s\n", 100 * w[i] / all, s[i]}' \
  "$OUT/alloc-sites.txt" | sort -rn | head -20 \
  | tee "$OUT/alloc-top.txt"
