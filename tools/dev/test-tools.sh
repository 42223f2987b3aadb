#!/usr/bin/env bash
# What the test suites need from Debian besides PostgreSQL and Redis: Chromium for Playwright (never
# a downloaded browser), curl and wget for the reference pipeline, gcc for real core dumps, python3
# for zip checks, and docker-compose to validate docker-compose.yml without a Docker engine.
set -euo pipefail
missing=()
for pair in chromium:chromium curl:curl wget:wget gcc:gcc python3:python3 docker-compose:docker-compose; do
  command -v "${pair%%:*}" >/dev/null || missing+=("${pair##*:}")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "[test-tools] installing ${missing[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
