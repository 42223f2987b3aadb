#!/usr/bin/env bash
# Stops what tools/dev/up.sh started (PostgreSQL and Redis keep running).
set -uo pipefail
cd "$(dirname "$0")/../.."
for name in web worker api; do
  pidfile="tmp/run/$name.pid"
  [ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null && echo "stopped $name"
  rm -f "$pidfile"
done
exit 0
