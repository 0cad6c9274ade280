#!/usr/bin/env bash
# The whole test suite: typecheck, lint, unit tests, integration tests (embedded PostgreSQL, and a real
# PostgreSQL server too when TEST_DATABASE_URL is set), production build, and browser/API end-to-end tests.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

if [ ! -x tools/prisma-diff/node_modules/.bin/prisma ]; then
  step "installing the offline schema-diff tool (tools/prisma-diff)"
  npm ci --prefix tools/prisma-diff --no-audit --no-fund
fi

chromium_path="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$chromium_path" ]; then
  echo "Chromium not found at $chromium_path. Install Debian's package (apt-get install -y chromium) or set CHROMIUM_PATH." >&2
  exit 1
fi

step "typecheck"
npm run typecheck
step "lint"
npm run lint
step "unit tests"
npx vitest run --project unit
step "integration tests (embedded PostgreSQL: PGlite)"
env -u TEST_DATABASE_URL npx vitest run --project integration
if [ -n "${TEST_DATABASE_URL:-}" ]; then
  step "integration tests (PostgreSQL server: ${TEST_DATABASE_URL%%@*}@…)"
  npx vitest run --project integration
fi
step "production build"
npm run build
step "end-to-end tests (API and browser)"
npx playwright test
