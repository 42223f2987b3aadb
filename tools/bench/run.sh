#!/usr/bin/env bash
# Builds and runs the benchmarks (they print numbers; none of them is a test):
#   bash tools/bench/run.sh [upload|retrieval|sweep|web ...]   (default: all)
set -euo pipefail
cd "$(dirname "$0")/../.."
export NX_NO_CLOUD=true NX_DAEMON=false
bash tools/dev/services.sh >/dev/null
bash tools/dev/install.sh
# The retrieval benchmark's download yardstick is nginx serving the same file with sendfile.
if [[ " ${*:-retrieval} " == *" retrieval "* ]] && ! command -v nginx >/dev/null; then
  [ "$(id -u)" = 0 ] || { echo "need root to apt-get install nginx-light" >&2; exit 1; }
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null
fi
npx nx run-many -t build -p api worker cli web --outputStyle=static >/dev/null
node tools/build/build-node-app.cjs bench tools/bench >/dev/null
for name in "${@:-upload retrieval sweep web}"; do
  for bench in $name; do
    echo "== $bench"
    node "dist/tools/bench/tools/bench/$bench.bench.js"
  done
done
