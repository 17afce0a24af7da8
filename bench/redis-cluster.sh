# Sourced by bench/run.sh (scenario 5r): a Redis Cluster of 3 masters on free loopback ports, formed without
# redis-cli (slots and meets sent as RESP over bash's /dev/tcp), so the embedded-redis binary serves as well as
# Debian's. Defines start_redis_cluster; uses REDIS_BIN, OUT, PIDS, freeport and wait_port from run.sh.

# resp PORT ARG...: sends one command, prints the reply's first line (a bulk reply: its whole text).
resp() {
  local port="$1" arg cmd line reply="" len
  shift
  cmd="*$#\r\n"
  for arg in "$@"; do cmd+="\$${#arg}\r\n$arg\r\n"; done
  exec 4<>"/dev/tcp/127.0.0.1/$port"
  printf "%b" "$cmd" >&4
  IFS= read -r -t 5 line <&4 || true
  if [[ "$line" == \$* ]]; then # a bulk string: read it whole
    len="${line:1}"; len="${len%$'\r'}"
    [ "$len" -gt 0 ] && IFS= read -r -t 5 -N "$len" reply <&4
    line="$reply"
  fi
  exec 4>&-
  printf '%s\n' "$line"
}

start_redis_cluster() {
  local ports=() pids=() i port dir slots first last s
  for i in 0 1 2; do
    port=$(freeport); dir="$OUT/redis-cluster-$port"; mkdir -p "$dir"
    (cd "$dir" && exec "$REDIS_BIN" --port "$port" --bind 127.0.0.1 --cluster-enabled yes \
      --cluster-config-file nodes.conf --cluster-node-timeout 5000 --save "" --appendonly no) > "$dir/redis.log" 2>&1 &
    pids+=("$!"); PIDS+=("$!"); ports+=("$port")
    wait_port "$port" "$!"
  done
  for i in 0 1 2; do # slots 0-5460, 5461-10922, 10923-16383, as redis-cli would split them
    first=$(( i * 16384 / 3 )); last=$(( (i + 1) * 16384 / 3 - 1 )); [ "$i" = 2 ] && last=16383
    slots=(); for ((s = first; s <= last; s++)); do slots+=("$s"); done
    resp "${ports[$i]}" CLUSTER ADDSLOTS "${slots[@]}" > /dev/null
  done
  resp "${ports[0]}" CLUSTER MEET 127.0.0.1 "${ports[1]}" > /dev/null
  resp "${ports[0]}" CLUSTER MEET 127.0.0.1 "${ports[2]}" > /dev/null
  for i in $(seq 1 300); do # bounded: the cluster agrees within a few seconds
    if resp "${ports[0]}" CLUSTER INFO | grep -q "cluster_state:ok" && resp "${ports[2]}" CLUSTER INFO | grep -q "cluster_known_nodes:3"; then
      REDIS_CLUSTER_URL="redis-cluster://127.0.0.1:${ports[0]},127.0.0.1:${ports[1]},127.0.0.1:${ports[2]}"
      REDIS_CLUSTER_PIDS="${pids[*]}"
      return 0
    fi
    sleep 0.1
  done
  echo "the Redis Cluster on ports ${ports[*]} did not reach cluster_state:ok in 30 s" >&2
  return 1
}
