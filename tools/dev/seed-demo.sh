#!/usr/bin/env bash
# Seeds the demo world through the real paths: the admin command for people and projects, and the
# CLI (create → PUT parts → complete, finalized by the worker) for artifacts. usage: seed-demo.sh <api-url> <admin-email>
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
api=$1 admin_email=$2
admin() { node dist/apps/admin/apps/admin/src/main.js "$@"; }
secret() { node -pe 'JSON.parse(require("fs").readFileSync(0, "utf8")).secret'; }

admin org create demo "Demo Organization" >/dev/null
admin member add demo "$admin_email" --role admin >/dev/null
admin user create member@stowage.local "Demo Member" --password "${DEMO_MEMBER_PASSWORD:-member-password}" >/dev/null 2>&1 || true
admin member add demo member@stowage.local --role member >/dev/null
admin project create demo app --vcs github >/dev/null
admin project create demo docs-site --vcs github --public >/dev/null
upload_token=$(admin token create-project demo app demo-ci --owner "$admin_email" --scope upload | secret)
docs_token=$(admin token create-project demo docs-site demo-ci --owner "$admin_email" --scope upload | secret)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
register() { # project job status branch
  curl -fsS -o /dev/null -X PUT -H "Circle-Token: $5" -H 'content-type: application/json' \
    "$api/api/stowage/v1/projects/github/demo/$1/jobs/$2" -d "{\"name\":\"build\",\"status\":\"$3\",\"branch\":\"$4\",\"revision\":\"$(printf '%s' "$1$2" | sha1sum | cut -c1-40)\",\"parallelism\":2,\"stoppedAt\":\"$(date -u +%FT%TZ)\"}"
}
cli() { node "$root/dist/apps/cli/apps/cli/src/main.js" store-artifacts --url "$api" "$@" >/dev/null; }
for job in 1 2 3; do
  for node_index in 0 1; do
    dir="$work/job$job-node$node_index/tmp/artifacts"
    node tools/dev/make-demo-artifacts.cjs "$dir" "$node_index"
    (cd "$work/job$job-node$node_index" && CIRCLE_BRANCH=$([ "$job" = 2 ] && echo feature/retention || echo main) \
      cli --token "$upload_token" --project gh/demo/app --job-number "$job" --node-index "$node_index" --path tmp/artifacts --destination .)
  done
  status=$([ "$job" = 2 ] && echo failed || echo success)
  register app "$job" "$status" "$([ "$job" = 2 ] && echo feature/retention || echo main)" "$upload_token"
done
mkdir -p "$work/site" && printf '<!doctype html><h1>Docs preview</h1>\n' >"$work/site/index.html"
cli --token "$docs_token" --project gh/demo/docs-site --job-number 1 --path "$work/site" --destination site
register docs-site 1 success main "$docs_token"
echo "[seed] demo organization 'demo': projects app (private, 3 jobs × 2 containers) and docs-site (public)"
