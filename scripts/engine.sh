#!/usr/bin/env bash
# Starts or stops a private Docker Engine for tests and benchmarks:
#   scripts/engine.sh up     start dockerd on a private socket and data root, wait until it answers
#   scripts/engine.sh down   stop it by its pid
#   scripts/engine.sh env    print the DOCKER_HOST line to eval
# State lives in $LAYERSCOPE_ENGINE_DIR (default: .engine/ in the repository).
# overlay2 is tried first; when it cannot mount (nested overlay), vfs is used.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
dir=${LAYERSCOPE_ENGINE_DIR:-$here/.engine}
sock="$dir/docker.sock"
pidfile="$dir/dockerd.pid"

answers() { DOCKER_HOST="unix://$sock" timeout 5 docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }

start_with() {
  local driver=$1
  mkdir -p "$dir/data" "$dir/exec"
  dockerd --host "unix://$sock" --data-root "$dir/data" --exec-root "$dir/exec" --pidfile "$pidfile" \
    --iptables=false --ip6tables=false --bridge=none --storage-driver="$driver" \
    >"$dir/dockerd-$driver.log" 2>&1 &
  for _ in $(seq 1 60); do
    if answers; then echo "$driver" >"$dir/driver"; return 0; fi
    if ! kill -0 $! 2>/dev/null; then return 1; fi
    sleep 0.5
  done
  kill $! 2>/dev/null || true
  return 1
}

case "${1:-}" in
  up)
    if [ -f "$pidfile" ] && answers; then echo "engine already running: DOCKER_HOST=unix://$sock"; exit 0; fi
    command -v dockerd >/dev/null || { echo "dockerd not found: apt-get install -y docker.io busybox-static" >&2; exit 1; }
    if start_with overlay2 || start_with vfs; then
      echo "engine up ($(cat "$dir/driver")): DOCKER_HOST=unix://$sock"
    else
      echo "dockerd did not start; see $dir/dockerd-*.log" >&2; tail -5 "$dir"/dockerd-*.log >&2; exit 1
    fi
    ;;
  down)
    if [ -f "$pidfile" ]; then
      pid=$(cat "$pidfile")
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
      kill -9 "$pid" 2>/dev/null || true
      rm -f "$pidfile"
    fi
    echo "engine down"
    ;;
  env)
    echo "export DOCKER_HOST=unix://$sock"
    ;;
  *)
    echo "usage: scripts/engine.sh up|down|env" >&2; exit 2;;
esac
