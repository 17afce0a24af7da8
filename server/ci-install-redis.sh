#!/usr/bin/env bash
# Installs Debian's redis-server (7.x) for the Redis Cluster and Sentinel tests (testing/RedisBinary), so that they
# run on a server with sharded pub/sub. Without it those tests use the 6.2 binary inside the embedded-redis artifact
# (Cluster and Sentinel, plain pub/sub only), so a failed install is fatal only under CI=true.
# Needs root (or sudo) and the Debian package mirrors. Does nothing when redis-server is on the PATH.
set -uo pipefail

if command -v redis-server >/dev/null 2>&1; then
  echo "redis: $(redis-server --version) is present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
reason=""
if ! command -v apt-get >/dev/null 2>&1; then
  reason="no apt-get on this machine"
elif [ -n "$SUDO" ] && ! command -v sudo >/dev/null 2>&1; then
  reason="not root and no sudo"
else
  echo "redis: installing redis-server"
  export DEBIAN_FRONTEND=noninteractive
  if ! { $SUDO apt-get update -q && $SUDO apt-get install -y -q redis-server; }; then
    reason="apt-get install redis-server failed"
  fi
fi

if [ -n "$reason" ]; then
  if [ "${CI:-}" = "true" ]; then
    echo "redis: cannot install redis-server ($reason), and CI=true requires it" >&2
    exit 1
  fi
  echo "redis: not installing redis-server ($reason); the Cluster and Sentinel tests use embedded-redis's 6.2 binary (no sharded pub/sub)"
  exit 0
fi
redis-server --version
