#!/usr/bin/env bash
# Runs kassa's whole test suite: unit tests, the demo-shop tests, and the
# tests against a real django-oscar shop, which this script installs (first
# run only, into .oscar/), starts on a free 127.0.0.1 port and stops again.
#
# Usage: scripts/test.sh [extra cargo test arguments]
# Set ACP_SPEC_DIR to the ACP spec folder to check every response against
# the official JSON Schema; without it those checks are skipped with a note.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

echo "[test] installing the Oscar test shop (skipped when already installed)"
scripts/oscar/setup.sh

echo "[test] starting Oscar on 127.0.0.1:$port"
trap 'scripts/oscar/stop.sh' EXIT
PORT=$port scripts/oscar/run.sh -d
export KASSA_OSCAR_URL="http://127.0.0.1:$port"

if [ -z "${ACP_SPEC_DIR:-}" ]; then
  echo "[test] ACP_SPEC_DIR is not set: responses will not be checked against the ACP JSON Schema"
fi

echo "[test] cargo test"
log=$(mktemp)
status=0
cargo test --locked --no-fail-fast "$@" 2>&1 | tee "$log" || status=$?

scripts/oscar/stop.sh
trap - EXIT

if [ -n "${ACP_SPEC_DIR:-}" ]; then
  echo "[test] JSON Schema checks: on ($ACP_SPEC_DIR)"
else
  echo "[test] JSON Schema checks: off (set ACP_SPEC_DIR to the ACP spec folder)"
fi

# One summary line over all test binaries, printed last.
awk '/^test result:/ { for (i = 1; i <= NF; i++) { if ($i ~ /^passed/) p += $(i-1); if ($i ~ /^failed/) f += $(i-1) } }
     END { printf "tests: %d passed, %d failed\n", p, f }' "$log"
rm -f "$log"
exit "$status"
