#!/usr/bin/env bash
# Scan speed and memory against GNU tar, in the same run, on the large benchmark image.
#   npx tsx bench/generate-large-image.ts     (once; writes bench/out/)
#   bench/scan-vs-tar.sh
# Prints wall seconds and peak RSS for each command and the ratios layerscope / baseline.
# Baselines: `tar -tvf` on each layer tar (GNU tar seeks over bodies on a regular file),
# `cat | tar -tv` (reads every byte, as layerscope must to verify digests), and
# `zcat | tar -t` for the gzip layers.
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench/out
plain=$out/large-plain
gz=$out/large-gzip
[ -d "$plain" ] || { echo "run: npx tsx bench/generate-large-image.ts" >&2; exit 1; }
npm run build >/dev/null || { echo "npm run build failed" >&2; exit 1; }
layers=$(node -e 'const m=JSON.parse(require("fs").readFileSync(process.argv[1]+"/index.json"));console.log(m.manifests[0].digest)' "$plain")
manifest=$plain/blobs/sha256/${layers#sha256:}
plain_blobs=$(node -e 'const m=JSON.parse(require("fs").readFileSync(process.argv[1]));console.log(m.layers.map(l=>process.argv[2]+"/blobs/sha256/"+l.digest.slice(7)).join(" "))' "$manifest" "$plain")
gzm=$(node -e 'const m=JSON.parse(require("fs").readFileSync(process.argv[1]+"/index.json"));console.log(m.manifests[0].digest)' "$gz")
gz_blobs=$(node -e 'const m=JSON.parse(require("fs").readFileSync(process.argv[1]));console.log(m.layers.map(l=>process.argv[2]+"/blobs/sha256/"+l.digest.slice(7)).join(" "))' "$gz/blobs/sha256/${gzm#sha256:}" "$gz")

# measure NAME COMMAND...: best wall time of 3 runs, and the peak RSS of that run.
measure() {
  local name=$1; shift
  local best=999999 rss=0
  for _ in 1 2 3; do
    cat $plain_blobs > /dev/null   # warm the page cache equally for everyone
    /usr/bin/time -f '%e %M' -o /tmp/bench-time sh -c "$*" > /dev/null
    read -r wall kb < /tmp/bench-time
    if awk "BEGIN{exit !($wall < $best)}"; then best=$wall; rss=$kb; fi
  done
  printf '%-34s %8.2f s %8d MB\n' "$name" "$best" "$((rss / 1024))"
  eval "T_$(echo "$name" | tr -c 'a-zA-Z0-9\n' _)=$best"
  eval "M_$(echo "$name" | tr -c 'a-zA-Z0-9\n' _)=$((rss / 1024))"
}

echo "image: $(du -sh "$plain" | cut -f1) uncompressed, $(du -sh "$gz" | cut -f1) gzip"
measure "tar -tvf (plain layers)" "for f in $plain_blobs; do tar -tvf \$f; done"
measure "cat | tar -tv (plain layers)" "for f in $plain_blobs; do cat \$f | tar -tv; done"
measure "layerscope inspect --json (plain)" "node bin/layerscope.js --no-cache inspect --json oci:$plain"
measure "zcat | tar -t (gzip layers)" "for f in $gz_blobs; do zcat \$f | tar -t; done"
measure "layerscope inspect --json (gzip)" "node bin/layerscope.js --no-cache inspect --json oci:$gz"
echo
awk -v a="$T_layerscope_inspect___json__plain_" -v b="$T_tar__tvf__plain_layers_" -v c="$T_cat___tar__tv__plain_layers_" \
    -v d="$T_layerscope_inspect___json__gzip_" -v e="$T_zcat___tar__t__gzip_layers_" 'BEGIN{
  printf "ratio plain vs tar -tvf (seeking):   %.2fx\n", a/b
  printf "ratio plain vs cat | tar -tv:        %.2fx\n", a/c
  printf "ratio gzip  vs zcat | tar -t:        %.2fx\n", d/e }'
