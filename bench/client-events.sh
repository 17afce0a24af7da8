#!/usr/bin/env bash
# Client-event round trips (issue 14): the push server (one node, the README's JVM flags) with
# CLIENT_EVENTS=chat_message, the chat sample's backend (client-demo, ChatBackend) and a closed-loop load of socket
# pairs on loopback (ClientEventsLoad): each sender emits chat_message with an ack, the backend answers with a publish
# to the partner, the next event follows the ack. Prints events/s, ack p50/p99/max, delivery p99, CPU per event of
# server and backend, and checks that every event was acked ok and delivered once, in order.
#
#   bench/client-events.sh [--no-build] [--pairs N] [--warmup S] [--duration S] [--out FILE]
#
# CLIENT_EVENTS_PER_SECOND is raised to 100000 for the run, so that the per-socket limit (20 by default) does not
# cap the closed loop: this measures the path, not the limit. Everything listens on 127.0.0.1; every process started
# here is stopped by its PID on exit.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD=1 PAIRS=16 WARMUP=10 DURATION=15 OUT=""
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) BUILD=0 ;;
    --pairs) PAIRS="$2"; shift ;;
    --warmup) WARMUP="$2"; shift ;;
    --duration) DURATION="$2"; shift ;;
    --out) OUT="$2"; shift ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 64 ;;
  esac
  shift
done

if [ "$BUILD" = 1 ]; then
  (cd "$ROOT" && mvn -q -DskipTests -pl server,push-client,client-demo,bench -am package)
fi
BENCH_JAR="$ROOT/bench/target/bench.jar"
LOGS="$ROOT/bench/target/client-events"
mkdir -p "$LOGS"
SECRET="bench-client-events-secret-$$-$RANDOM"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT
trap 'exit 130' INT TERM
wait_http() { # url pid: bounded wait until it answers
  for _ in $(seq 1 600); do
    kill -0 "$2" 2>/dev/null || { echo "process $2 died; see $LOGS/*.log" >&2; return 1; }
    curl -s -o /dev/null "$1" && return 0
    sleep 0.1
  done
  echo "nothing answered at $1" >&2; return 1
}

CHAT_PORT=$(java -jar "$BENCH_JAR" freeport)
java -XX:+UseSerialGC -Xmx256m -cp "$ROOT/client-demo/target/client-demo.jar" org.pushserver.demo.chat.ChatBackend \
  --port "$CHAT_PORT" --secret "$SECRET" > "$LOGS/backend.log" 2>&1 &
BACKEND_PID=$!; PIDS+=("$BACKEND_PID")
SERVER_PORT=$(java -jar "$BENCH_JAR" freeport)
CLIENT_EVENTS=chat_message CLIENT_EVENTS_URL="http://127.0.0.1:$CHAT_PORT/events" WEBHOOK_SECRET="$SECRET" \
CLIENT_EVENTS_PER_SECOND=100000 \
  java -XX:+UseSerialGC -Xms64m -Xmx512m -Xmn16m -jar "$ROOT/server/target/push-server.jar" \
  --host 127.0.0.1 --port "$SERVER_PORT" > "$LOGS/server.log" 2>&1 &
SERVER_PID=$!; PIDS+=("$SERVER_PID")
wait_http "http://127.0.0.1:$CHAT_PORT/conversations?user=a&with=b" "$BACKEND_PID"
wait_http "http://127.0.0.1:$SERVER_PORT/health" "$SERVER_PID"

echo "# $(date -u +%FT%TZ) $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); pairs=$PAIRS warmup=${WARMUP}s duration=${DURATION}s" \
  | tee ${OUT:+-a "$OUT"}
java -Xmx256m -cp "$BENCH_JAR" org.pushserver.bench.ClientEventsLoad --url "http://127.0.0.1:$SERVER_PORT" \
  --pairs "$PAIRS" --warmup "$WARMUP" --duration "$DURATION" --pid "server=$SERVER_PID" --pid "backend=$BACKEND_PID" \
  ${OUT:+--out "$OUT"}
