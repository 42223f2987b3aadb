#!/usr/bin/env bash
# Runs the Playwright suite against the built platform (API, worker, web) on its own database,
# Redis prefix, data directory and ports, seeded through the real CLI; everything is removed after.
# Arguments go to Playwright: `bash tools/dev/e2e.sh compare` runs only the specs matching "compare".
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
run_id="e2e_$(date +%s)_$RANDOM"
work=$(mktemp -d)
export DATABASE_URL="postgresql://postgres@127.0.0.1:5432/stowage_$run_id"
export QUEUE_PREFIX="stowage_$run_id" DATA_DIR="$work/data" LOG_LEVEL=warn
export API_PORT=$(node tools/dev/free-port.cjs) WEB_PORT=$(node tools/dev/free-port.cjs)
export PUBLIC_URL="http://127.0.0.1:$API_PORT" SIGNING_SECRET="e2e-signing-secret-of-at-least-32-chars"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  node -e "require('$root/dist/apps/admin/libs/server/db/src/migrator.js').dropDatabase(process.env.DATABASE_URL)" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

admin() { node dist/apps/admin/apps/admin/src/main.js "$@"; }
admin migrate >/dev/null
set -a; . tools/deploy/server-runtime.env; set +a
node dist/apps/api/apps/api/src/main.js >"$work/api.log" 2>&1 & pids+=($!)
node dist/apps/worker/apps/worker/src/main.js >"$work/worker.log" 2>&1 & pids+=($!)
STOWAGE_API_URL="http://127.0.0.1:$API_PORT" node node_modules/next/dist/bin/next start apps/web -p "$WEB_PORT" -H 127.0.0.1 >"$work/web.log" 2>&1 & pids+=($!)
for url in "http://127.0.0.1:$API_PORT/health/ready" "http://127.0.0.1:$WEB_PORT/sign-in"; do
  for _ in $(seq 1 120); do curl -fsS -o /dev/null "$url" 2>/dev/null && break; sleep 0.5; done
  curl -fsS -o /dev/null "$url" || { echo "[e2e] $url never became ready"; tail -20 "$work"/*.log; exit 1; }
done

export E2E_ADMIN_EMAIL=admin@e2e.test E2E_ADMIN_PASSWORD=e2e-admin-password
export E2E_MEMBER_EMAIL=member@stowage.local E2E_MEMBER_PASSWORD=e2e-member-password
admin user create "$E2E_ADMIN_EMAIL" "E2E Admin" --password "$E2E_ADMIN_PASSWORD" >/dev/null
DEMO_MEMBER_PASSWORD="$E2E_MEMBER_PASSWORD" bash tools/dev/seed-demo.sh "http://127.0.0.1:$API_PORT" "$E2E_ADMIN_EMAIL"
# Finalization is asynchronous: wait until the worker has made every upload available.
for _ in $(seq 1 120); do
  pending=$(psql -At "$DATABASE_URL" -c "SELECT count(*) FROM artifacts WHERE state = 'PENDING'")
  [ "$pending" = 0 ] && break; sleep 0.5
done

export WEB_URL="http://127.0.0.1:$WEB_PORT" E2E_API_URL="http://127.0.0.1:$API_PORT"
export E2E_ORG=demo E2E_PROJECT_PATH=/demo/github/app E2E_JOB_NUMBER=1
npx playwright test -c apps/web-e2e/playwright.config.ts "$@"
