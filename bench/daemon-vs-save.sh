#!/usr/bin/env bash
# The engine source against `docker save`, in the same run, on a large image (≥ 1 GB):
#   bench/daemon-vs-save.sh [--runs N] [--keep]
# Builds layerscope-bench/daemon-large:1 from bench/daemon-large/Dockerfile in the engine
# (DOCKER_HOST or the default socket; classic builder, busybox-static, nothing pulled) unless
# it exists, warms up once, then alternates N runs (default 3) of
#   docker save IMG > /dev/null
#   layerscope --no-cache inspect docker:IMG > /dev/null      (export read as it streams)
# and prints the median wall times, layerscope's peak RSS and the ratio. Target: ≤ 1.15×.
# The image is removed at the end unless --keep. Never run by the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
image=layerscope-bench/daemon-large:1
runs=3
keep=0
while [ $# -gt 0 ]; do
  case $1 in
    --runs) runs=$2; shift 2;;
    --keep) keep=1; shift;;
    *) echo "usage: bench/daemon-vs-save.sh [--runs N] [--keep]" >&2; exit 2;;
  esac
done
command -v docker >/dev/null || { echo "docker CLI not found" >&2; exit 1; }
docker version --format '{{.Server.Version}}' >/dev/null || { echo "no engine answers (npm run engine:up; eval \$(scripts/engine.sh env))" >&2; exit 1; }
npm run build >/dev/null 2>&1 || echo "warning: npm run build reported errors; measuring dist/ as emitted" >&2
[ -f dist/cli/main.js ] || { echo "no dist/cli/main.js: npm run build" >&2; exit 1; }
[ "$keep" = 1 ] || trap 'docker rmi -f "$image" >/dev/null 2>&1 || true' EXIT

if ! docker image inspect "$image" >/dev/null 2>&1; then
  context=$(mktemp -d)
  cp bench/daemon-large/Dockerfile /bin/busybox "$context/"
  echo "building $image (a few minutes) ..."
  DOCKER_BUILDKIT=0 docker build -q -t "$image" "$context" >/dev/null 2>&1 || { rm -rf "$context"; echo "build failed" >&2; exit 1; }
  rm -rf "$context"
fi
bytes=$(docker image inspect --format '{{.Size}}' "$image")
echo "image: $image, $((bytes / 1000000)) MB unpacked, engine $(docker version --format '{{.Server.Version}}') ($(docker info --format '{{.Driver}}'))"

now() { date +%s.%N; }
# run NAME COMMAND: wall seconds of one run (and peak RSS in kB via GNU time when present)
run() {
  local start end
  start=$(now)
  if [ -x /usr/bin/time ]; then /usr/bin/time -f '%M' -o "$tmp/rss" bash -c "$2" >/dev/null; else bash -c "$2" >/dev/null; echo 0 >"$tmp/rss"; fi
  end=$(now)
  awk -v s="$start" -v e="$end" 'BEGIN{printf "%.3f\n", e - s}'
}
median() { sort -n | awk '{a[NR]=$1} END{print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

tmp=$(mktemp -d)
save_cmd="docker save $image > /dev/null"
ls_cmd="node bin/layerscope.js --no-cache inspect docker:$image > /dev/null"
run warmup "$save_cmd" >/dev/null
run warmup "$ls_cmd" >/dev/null
: >"$tmp/save"; : >"$tmp/ls"; : >"$tmp/ls-rss"
for i in $(seq 1 "$runs"); do
  run save "$save_cmd" >>"$tmp/save"
  run layerscope "$ls_cmd" >>"$tmp/ls"
  cat "$tmp/rss" >>"$tmp/ls-rss"
done
t_save=$(median <"$tmp/save")
t_ls=$(median <"$tmp/ls")
rss=$(sort -n "$tmp/ls-rss" | tail -1)
printf '%-44s %s\n' "docker save > /dev/null (runs: s)" "$(tr '\n' ' ' <"$tmp/save")"
printf '%-44s %s\n' "layerscope inspect docker: (runs: s)" "$(tr '\n' ' ' <"$tmp/ls")"
printf '%-44s %8.2f s\n' "median docker save" "$t_save"
printf '%-44s %8.2f s   peak RSS %d MB\n' "median layerscope inspect" "$t_ls" "$((rss / 1024))"
awk -v a="$t_ls" -v b="$t_save" 'BEGIN{printf "ratio of medians (layerscope / docker save): %.2fx (target <= 1.15x)\n", a / b}'
# The engine's own export time varies run to run; the best runs and the ratio within each
# pair (run back to back) are steadier readings on a busy machine.
best_ls=$(sort -n "$tmp/ls" | head -1)
best_save=$(sort -n "$tmp/save" | head -1)
pair=$(paste "$tmp/ls" "$tmp/save" | awk '{printf "%.4f\n", $1 / $2}' | median)
awk -v a="$best_ls" -v b="$best_save" -v p="$pair" 'BEGIN{printf "ratio of best runs:                          %.2fx\nmedian ratio within pairs:                   %.2fx\n", a / b, p}'
rm -rf "$tmp"
