#!/usr/bin/env bash
# Stop the test shop started by "run.sh -d": TERM to the PID in $OSCAR_HOME/oscar.pid,
# then KILL after 5 seconds. Exits 0 without doing anything when no server runs.
#
# Environment:
#   OSCAR_HOME  where setup.sh built the shop (default <repo>/.oscar)
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

if ! pid=$(running_server_pid); then
  if [[ -f $PID_FILE ]]; then
    rm -f "$PID_FILE"
    echo "[stop] Oscar is not running; removed stale pid file $PID_FILE"
  else
    echo "[stop] Oscar is not running (no pid file at $PID_FILE)"
  fi
  exit 0
fi

if stop_process "$pid"; then
  echo "[stop] Oscar stopped (pid $pid)"
else
  echo "[stop] Oscar did not exit within 5 s of TERM; sent KILL (pid $pid)"
fi
rm -f "$PID_FILE"
