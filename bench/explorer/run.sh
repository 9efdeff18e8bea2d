#!/usr/bin/env bash
# Frames per second while laying out 2,000 nodes / 5,000 edges (one ForceAtlas2 iteration per frame), sigma.js vs
# cytoscape.js, in headless Debian Chromium with software WebGL (SwiftShader) as CI has. Prints one JSON line each;
# with EXPLORER_URL set, then the time from search to first drawn graph on the seed (first-draw.mjs).
set -euo pipefail
cd "$(dirname "$0")"
[ -d node_modules ] || npm ci --no-audit --no-fund
out=$(mktemp -d)
for b in sigma cytoscape; do
  node_modules/.bin/esbuild "$b-bench.js" --bundle --format=esm --outfile="$out/$b.js" --log-level=warning
  printf '<!doctype html><meta charset="utf-8"><body style="margin:0"><div id="canvas" style="width:1280px;height:800px"></div><script type="module" src="%s.js"></script>' "$b" > "$out/$b.html"
done
run() {
  timeout 40 "${CHROMIUM:-/usr/bin/chromium}" --headless --no-sandbox --enable-unsafe-swiftshader --use-angle=swiftshader \
    --window-size=1280,800 --allow-file-access-from-files --enable-logging=stderr --v=0 --user-data-dir="$out/profile-$RANDOM" \
    "file://$out/$1" 2>&1 | grep -o 'BENCH {.*}' | head -1 | sed 's/^BENCH //' || true
}
run sigma.html
run 'sigma.html?worker'
run cytoscape.html
run 'cytoscape.html?webgl'
run 'sigma.html?nolabels'
run 'cytoscape.html?nolabels'
run 'cytoscape.html?webgl&nolabels'
# Search to first drawn graph on the seed, against a running server (first-draw.mjs: median of 10 runs).
if [ -n "${EXPLORER_URL:-}" ]; then node first-draw.mjs "$EXPLORER_URL"; fi
