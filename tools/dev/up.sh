#!/usr/bin/env bash
# README command 1: brings the whole platform up on this machine with embedded defaults:
# PostgreSQL and Redis (started or installed), dependencies, build, migrations, then API, worker
# and web in the background. Seeds demo data into an empty database. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
export NX_NO_CLOUD=true NX_DAEMON=false
export API_PORT="${API_PORT:-3000}" WEB_PORT="${WEB_PORT:-3001}"
export DATA_DIR="${DATA_DIR:-$root/data}"
export PUBLIC_URL="${PUBLIC_URL:-http://127.0.0.1:$API_PORT}"
run_dir="$root/tmp/run"
mkdir -p "$run_dir" "$DATA_DIR"

bash tools/dev/services.sh
bash tools/dev/install.sh
echo "[up] building api, worker, admin, cli and web"
npx nx run-many -t build -p api worker admin cli web --outputStyle=static >/dev/null

admin() { node dist/apps/admin/apps/admin/src/main.js "$@"; }
admin migrate >/dev/null

stop() {
  local pidfile="$run_dir/$1.pid"
  if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    kill "$(cat "$pidfile")" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$(cat "$pidfile")" 2>/dev/null || break; sleep 0.2; done
  fi
  rm -f "$pidfile"
}
start() {
  local name=$1; shift
  stop "$name"
  nohup "$@" >"$run_dir/$name.log" 2>&1 &
  echo $! >"$run_dir/$name.pid"
}
wait_for() {
  for _ in $(seq 1 120); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 0.5; done
  echo "[up] $2 did not become ready; see $run_dir/$2.log" >&2; exit 1
}

set -a; . tools/deploy/server-runtime.env; set +a
start api node dist/apps/api/apps/api/src/main.js
start worker node dist/apps/worker/apps/worker/src/main.js
start web env STOWAGE_API_URL="http://127.0.0.1:$API_PORT" node node_modules/next/dist/bin/next start apps/web -p "$WEB_PORT" -H 127.0.0.1
wait_for "http://127.0.0.1:$API_PORT/health/ready" api
wait_for "http://127.0.0.1:$WEB_PORT/sign-in" web

# The local admin: created once, its password kept (0600) in the data directory.
credentials="$DATA_DIR/local-admin.txt"
if [ ! -f "$credentials" ]; then
  password=$(node -e "console.log(require('crypto').randomBytes(12).toString('base64url'))")
  if admin user create admin@stowage.local "Local Admin" --password "$password" >/dev/null 2>&1; then
    (umask 077; printf 'admin@stowage.local %s\n' "$password" >"$credentials")
  else
    admin user set-password admin@stowage.local "$password" >/dev/null
    (umask 077; printf 'admin@stowage.local %s\n' "$password" >"$credentials")
  fi
fi
read -r admin_email admin_password <"$credentials"

if [ "$(admin org list)" = "[]" ]; then
  echo "[up] seeding demo data into the empty database"
  bash tools/dev/seed-demo.sh "http://127.0.0.1:$API_PORT" "$admin_email"
fi

cat <<INFO

  Stowage is up.
    Web app:   http://127.0.0.1:$WEB_PORT   (sign in as $admin_email / $admin_password)
    API:       http://127.0.0.1:$API_PORT   (OpenAPI: http://127.0.0.1:$API_PORT/api/docs)
    Logs:      $run_dir/{api,worker,web}.log
    Stop:      bash tools/dev/down.sh

INFO
