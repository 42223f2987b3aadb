#!/usr/bin/env bash
# Builds and runs the benchmarks (they print numbers; none of them is a test):
#   bash tools/bench/run.sh [upload|retrieval|sweep|web ...]   (default: all)
set -euo pipefail
cd "$(dirname "$0")/../.."
export NX_NO_CLOUD=true NX_DAEMON=false
bash tools/dev/services.sh >/dev/null
bash tools/dev/install.sh
npx nx run-many -t build -p api worker cli web --outputStyle=static >/dev/null
node tools/build/build-node-app.cjs bench tools/bench >/dev/null
for name in "${@:-upload retrieval sweep web}"; do
  for bench in $name; do
    echo "== $bench"
    node "dist/tools/bench/tools/bench/$bench.bench.js"
  done
done
