#!/usr/bin/env bash
# Installs node dependencies when they are missing or stale, and generates the Prisma client.
# npm ci runs no dependency install scripts (see allowScripts in package.json): none is needed.
set -euo pipefail
cd "$(dirname "$0")/../.."
export NX_NO_CLOUD=true NX_DAEMON=false
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "[install] npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi
# The client is generated into node_modules; DATABASE_URL only has to be well-formed here.
# It also writes the Kysely table types the repositories are typed with (libs/server/db/src/generated).
generated=libs/server/db/src/generated/database.ts
if [ ! -f node_modules/.prisma/client/index.js ] || [ prisma/schema.prisma -nt node_modules/.prisma/client/index.js ] \
  || [ ! -f "$generated" ] || [ prisma/schema.prisma -nt "$generated" ]; then
  echo "[install] prisma generate"
  DATABASE_URL="${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/stowage}" npx prisma generate >/dev/null
fi
