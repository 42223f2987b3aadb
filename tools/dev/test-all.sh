#!/usr/bin/env bash
# README command 2: every test (lint, types, unit, integration against the real PostgreSQL, Redis
# and an S3-compatible server, end-to-end in Debian's Chromium) from a fresh clone. .ci/run runs it.
set -euo pipefail
cd "$(dirname "$0")/../.."
export NX_NO_CLOUD=true NX_DAEMON=false NX_TUI=false FORCE_COLOR=0
started=$(date +%s)

bash tools/dev/services.sh
bash tools/dev/test-tools.sh
bash tools/dev/install.sh
rm -rf dist/test-results && mkdir -p dist/test-results
trap 'node tools/dev/summarize-tests.cjs || true; echo "test run took $(( $(date +%s) - started ))s"' EXIT

nx() { npx nx "$@" --outputStyle=static; }
nx run-many -t lint typecheck test --parallel=2
nx run-many -t build -p api worker admin cli web --parallel=1
# Integration suites share two cores and the services: one project at a time.
nx run-many -t integration --parallel=1
bash tools/dev/e2e.sh
