#!/usr/bin/env bash
# Builds and runs the benchmarks (they print numbers; none of them is a test):
#   bash tools/bench/run.sh [upload|dedup|retrieval|sweep|web ...] [--option value ...]   (default: all)
# Options go to every benchmark named, e.g. `bash tools/bench/run.sh upload --size 256MiB --storage s3`
# (upload: --size, --runs, --storage filesystem|s3|all, and the flags --small-files and --threshold;
# dedup: --rows small,large,resume,containers, --runs, --storage, --large, --tree;
# retrieval: --rows list,compare,download,cli-download,cli-small, --runs, --small-runs).
set -euo pipefail
cd "$(dirname "$0")/../.."
export NX_NO_CLOUD=true NX_DAEMON=false
names=()
options=()
while [ $# -gt 0 ]; do
  case "$1" in
    # An option takes the next word as its value unless that is another option (or there is none): a flag.
    --*) if [ $# -ge 2 ] && [[ "$2" != --* ]]; then options+=("$1" "$2"); shift 2; else options+=("$1"); shift; fi ;;
    *) names+=("$1"); shift ;;
  esac
done
[ ${#names[@]} -gt 0 ] || names=(upload dedup retrieval sweep web)
bash tools/dev/services.sh >/dev/null
bash tools/dev/install.sh
# The retrieval benchmark's download yardstick is nginx serving the same file with sendfile.
if [[ " ${names[*]} " == *" retrieval "* ]] && ! command -v nginx >/dev/null; then
  [ "$(id -u)" = 0 ] || { echo "need root to apt-get install nginx-light" >&2; exit 1; }
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null
fi
# The web app (slow to build on two cores) only where its benchmark runs.
projects="api,worker,cli"
if [[ " ${names[*]} " == *" web "* ]]; then projects="$projects,web"; fi
npx nx run-many -t build -p "$projects" --outputStyle=static >/dev/null
node tools/build/build-node-app.cjs bench tools/bench >/dev/null
for bench in "${names[@]}"; do
  echo "== $bench"
  node "dist/tools/bench/tools/bench/$bench.bench.js" ${options[@]+"${options[@]}"}
done
