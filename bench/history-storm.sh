# Scenarios 7-9 of bench/run.sh (sourced by it with --history and/or --storm; uses its helpers and variables).
#   7  history on vs off, one node: fixed-rate fan-out, server pinned like scenario 2, fresh JVM per run
#   8  history on vs off, 2-node cluster through Redis (POST to A, sockets on B), A+B+Redis CPU
#   9  recovery storm, lastMessageId resume path
# Results: $OUT/history.properties and $OUT/storm.properties (key=value), summary in $OUT/history-summary.txt.

HIST_RES="$OUT/history.properties" STORM_RES="$OUT/storm.properties"
: > "$HIST_RES"; : > "$STORM_RES"

# median KEY_REGEX FILE: median of the values whose key matches
median() {
  grep -E "$1" "$2" | cut -d= -f2 | sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "NaN";
    else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
# summary SCEN PROC: medians of user, kernel and total CPU µs/delivery for off and on, and the ratio on/off
summary() {
  local scen="$1" proc="$2" arm kind
  for arm in off on; do
    for kind in user sys; do
      printf '%s.%s.median_cpu_%s_us_per_delivery.%s=%s\n' "$scen" "$arm" "$kind" "$proc" \
        "$(median "^${scen}_${arm}_[0-9]+\\.cpu_${kind}_us_per_delivery\\.${proc}=" "$HIST_RES")"
    done
    printf '%s.%s.median_cpu_us_per_delivery.%s=%s\n' "$scen" "$arm" "$proc" \
      "$(median "^${scen}_${arm}_[0-9]+\\.cpu_us_per_delivery\\.${proc}=" "$HIST_RES")"
  done
}
ratio() { # scen proc: on/off of the total medians
  local off on
  off=$(grep "^$1.off.median_cpu_us_per_delivery.$2=" "$OUT/history-summary.txt" | cut -d= -f2)
  on=$(grep "^$1.on.median_cpu_us_per_delivery.$2=" "$OUT/history-summary.txt" | cut -d= -f2)
  awk -v a="$on" -v b="$off" -v s="$1" -v p="$2" 'BEGIN { r = a / b; printf "%s.ratio_on_off.%s=%.3f\n", s, p, r;
    if (s == "h7") printf "h7.target_at_most_1.15=%s\n", (r <= 1.15 ? "met" : "not met") }'
}

if [ "$HISTORY" = 1 ]; then
  RATE_ARGS=(--sockets "$FAN_SOCKETS" --tokens "$FAN_TOKENS" --tokens-per-post "$TOKENS_PER_POST" --posters 64
             --duration "$DURATION")
  for i in $(seq 1 "$(( ONLY_CLUSTER ? 0 : REPEAT ))"); do
    for arm in off on; do
      size=100; [ "$arm" = off ] && size=0
      log "7 history $arm (HISTORY_SIZE=$size), one node, $HISTORY_RATE POSTs/s, run $i of $REPEAT"
      P=$(freeport); HISTORY_SIZE=$size start_java "h7-$arm-$i" "$P"; J=$STARTED_PID
      sleep 1
      gen fixed --url "http://127.0.0.1:$P" --pid "server=$J" "${RATE_ARGS[@]}" --rate "$HISTORY_RATE" \
        --warmup "$WARMUP" --prefix "h7_${arm}_$i" --out "$HIST_RES"
      stop_pid "$J"
    done
  done

  # Two nodes and Redis on one core would measure starvation: unpinned, as scenario 5.
  PIN_SERVER=() PIN_GEN=()
  find_redis
  if [ "$CLUSTER" = 0 ] || [ -z "$REDIS_BIN" ]; then
    echo "cluster part (8) skipped: --no-cluster or no redis-server" >&2
  else
    for i in $(seq 1 "$REPEAT"); do
      for arm in off on; do
        size=100; [ "$arm" = off ] && size=0
        log "8 history $arm (HISTORY_SIZE=$size), cluster, $CLUSTER_RATE POSTs/s, run $i of $REPEAT"
        RP=$(freeport)  # a fresh Redis per run: the history of one run is not in the next one's memory
        "$REDIS_BIN" --port "$RP" --bind 127.0.0.1 --save "" --appendonly no --protected-mode yes > "$OUT/redis-h8-$arm-$i.log" 2>&1 &
        R=$!; PIDS+=("$R"); wait_port "$RP" "$R"
        PA=$(freeport); HISTORY_SIZE=$size start_java "h8-$arm-$i-a" "$PA" "redis://127.0.0.1:$RP"; JA=$STARTED_PID
        PB=$(freeport); HISTORY_SIZE=$size start_java "h8-$arm-$i-b" "$PB" "redis://127.0.0.1:$RP"; JB=$STARTED_PID
        sleep 1
        gen fixed --url "http://127.0.0.1:$PB" --api-url "http://127.0.0.1:$PA" --pid "a=$JA" --pid "b=$JB" \
          --pid "redis=$R" "${RATE_ARGS[@]}" --rate "$CLUSTER_RATE" --warmup "$CLUSTER_WARMUP" \
          --prefix "h8_${arm}_$i" --out "$HIST_RES"
        stop_pid "$JA"; stop_pid "$JB"; stop_pid "$R"
      done
    done
  fi
  {
    grep -q '^h7_' "$HIST_RES" && summary h7 server
    if grep -q '^h8_' "$HIST_RES"; then summary h8 total; summary h8 redis; fi
  } > "$OUT/history-summary.txt"
  { grep -q '^h7_' "$HIST_RES" && ratio h7 server; grep -q '^h8_' "$HIST_RES" && { ratio h8 total; ratio h8 redis; }; } >> "$OUT/history-summary.txt" || true
  log "history on vs off: medians of $REPEAT runs ($OUT/history-summary.txt)"
  cat "$OUT/history-summary.txt"
fi

if [ "$STORM" = 1 ]; then
  PIN_SERVER=() PIN_GEN=()
  log "9 recovery storm: $STORM_SOCKETS sockets (lastMessageId resume) dropped at once, 3 missed pushes each"
  P=$(freeport); start_java storm "$P"; J=$STARTED_PID
  sleep 1
  gen storm --url "http://127.0.0.1:$P" --pid "server=$J" --sockets "$STORM_SOCKETS" --tokens-per-post 50 \
    --posters 16 --missed 3 --connect-concurrency 1000 --io-threads 2 --out "$STORM_RES"
  stop_pid "$J"
fi
echo "$(date -u +%Y-%m-%dT%H:%MZ); $(nproc) cpus; load average at start $LOAD0, at end $(cut -d' ' -f1-3 /proc/loadavg)" \
  | tee "$OUT/machine.txt"
