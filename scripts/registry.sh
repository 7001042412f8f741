#!/usr/bin/env bash
# Starts or stops the local registries the tests push to and read from (Debian's docker-registry):
#   scripts/registry.sh up     start two instances on 127.0.0.1 and wait until both answer
#                              - anonymous: no auth
#                              - basic:     htpasswd basic auth (user and password below)
#   scripts/registry.sh down   stop them by their pids
#   scripts/registry.sh env    print the LAYERSCOPE_TEST_REGISTRY* lines to eval
# State (configs, storage, pids, logs) lives in $LAYERSCOPE_REGISTRY_DIR (default .registry/).
# Token auth needs a token server; the tests start that, with their own registry instance.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
dir=${LAYERSCOPE_REGISTRY_DIR:-$here/.registry}
user=layerscope
password=registry-test-password
bin=${LAYERSCOPE_REGISTRY_BIN:-docker-registry}

free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

answers() { # $1 port; a registry answers /v2/ with 200 (anonymous) or 401 (auth)
  node -e 'require("http").get({host:"127.0.0.1",port:+process.argv[1],path:"/v2/",timeout:2000},(r)=>process.exit(r.statusCode===200||r.statusCode===401?0:1)).on("error",()=>process.exit(1))' "$1" 2>/dev/null
}

write_config() { # $1 name, $2 port, $3 auth yaml (may be empty)
  mkdir -p "$dir/$1/storage"
  cat >"$dir/$1/config.yml" <<YAML
version: 0.1
log:
  level: warn
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $dir/$1/storage
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$2
  secret: layerscope-test-secret
$3
YAML
}

start_one() { # $1 name, $2 port
  "$bin" serve "$dir/$1/config.yml" >"$dir/$1/registry.log" 2>&1 &
  echo $! >"$dir/$1/pid"
  echo "$2" >"$dir/$1/port"
  for _ in $(seq 1 60); do
    if answers "$2"; then return 0; fi
    if ! kill -0 "$(cat "$dir/$1/pid")" 2>/dev/null; then break; fi
    sleep 0.25
  done
  echo "registry $1 did not start; see $dir/$1/registry.log" >&2
  tail -5 "$dir/$1/registry.log" >&2
  return 1
}

running() { [ -f "$dir/$1/pid" ] && kill -0 "$(cat "$dir/$1/pid")" 2>/dev/null && answers "$(cat "$dir/$1/port")"; }

stop_one() {
  [ -f "$dir/$1/pid" ] || return 0
  local pid
  pid=$(cat "$dir/$1/pid")
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$dir/$1/pid"
}

case "${1:-}" in
  up)
    command -v "$bin" >/dev/null || { echo "docker-registry not found: apt-get install -y docker-registry" >&2; exit 1; }
    command -v htpasswd >/dev/null || { echo "htpasswd not found: apt-get install -y apache2-utils" >&2; exit 1; }
    mkdir -p "$dir/anonymous" "$dir/basic"
    if running anonymous && running basic; then echo "registries already running"; exit 0; fi
    stop_one anonymous; stop_one basic
    anon_port=$(free_port)
    basic_port=$(free_port)
    write_config anonymous "$anon_port" ""
    htpasswd -Bbn "$user" "$password" >"$dir/basic/htpasswd" 2>/dev/null
    write_config basic "$basic_port" "auth:
  htpasswd:
    realm: layerscope-test
    path: $dir/basic/htpasswd"
    start_one anonymous "$anon_port"
    start_one basic "$basic_port"
    echo "registries up: anonymous 127.0.0.1:$(cat "$dir/anonymous/port"), basic auth 127.0.0.1:$(cat "$dir/basic/port")"
    ;;
  down)
    stop_one anonymous
    stop_one basic
    echo "registries down"
    ;;
  env)
    [ -f "$dir/anonymous/port" ] && echo "export LAYERSCOPE_TEST_REGISTRY=127.0.0.1:$(cat "$dir/anonymous/port")"
    [ -f "$dir/basic/port" ] && echo "export LAYERSCOPE_TEST_REGISTRY_AUTH=127.0.0.1:$(cat "$dir/basic/port")"
    echo "export LAYERSCOPE_TEST_REGISTRY_USER=$user"
    echo "export LAYERSCOPE_TEST_REGISTRY_PASSWORD=$password"
    ;;
  *)
    echo "usage: scripts/registry.sh up|down|env" >&2; exit 2;;
esac
