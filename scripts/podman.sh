#!/usr/bin/env bash
# Starts or stops a private podman API service (podman's Docker-compatible socket) for the tests:
#   scripts/podman.sh up     start `podman system service` on $dir/podman.sock and wait until it answers
#   scripts/podman.sh down   stop it by its pid
#   scripts/podman.sh env    print the LAYERSCOPE_TEST_PODMAN line to eval (the socket's unix:// URL)
# Storage (vfs), run state, pid and log live in $LAYERSCOPE_PODMAN_DIR (default .podman/), never in
# the user's podman storage. Tests build their images through the service (podman --remote).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
dir=${LAYERSCOPE_PODMAN_DIR:-$here/.podman}
sock=$dir/podman.sock

answers() {
  node -e 'require("http").get({socketPath:process.argv[1],path:"/_ping",timeout:2000},(r)=>process.exit(r.statusCode===200?0:1)).on("error",()=>process.exit(1))' "$sock" 2>/dev/null
}
running() { [ -f "$dir/pid" ] && kill -0 "$(cat "$dir/pid")" 2>/dev/null && answers; }

case "${1:-}" in
  up)
    command -v podman >/dev/null || { echo "podman not found: apt-get install -y podman" >&2; exit 1; }
    mkdir -p "$dir/storage" "$dir/run"
    if running; then echo "podman service already running"; exit 0; fi
    rm -f "$sock"
    podman --root "$dir/storage" --runroot "$dir/run" --storage-driver vfs --cgroup-manager cgroupfs --events-backend file \
      system service --time=0 "unix://$sock" >"$dir/podman.log" 2>&1 &
    echo $! >"$dir/pid"
    for _ in $(seq 1 80); do
      if answers; then echo "podman service up: unix://$sock"; exit 0; fi
      kill -0 "$(cat "$dir/pid")" 2>/dev/null || break
      sleep 0.25
    done
    echo "podman service did not start; see $dir/podman.log" >&2
    tail -5 "$dir/podman.log" >&2
    exit 1
    ;;
  down)
    [ -f "$dir/pid" ] || { echo "podman service not running"; exit 0; }
    pid=$(cat "$dir/pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$dir/pid" "$sock"
    echo "podman service down"
    ;;
  env)
    echo "export LAYERSCOPE_TEST_PODMAN=unix://$sock"
    ;;
  *)
    echo "usage: scripts/podman.sh up|down|env" >&2
    exit 2
    ;;
esac
