#!/usr/bin/env bash
# Start the local django-oscar test shop with Django's dev server on
# 127.0.0.1:$PORT (threaded, HTTP/1.1 keep-alive). Run setup.sh first.
#
# Usage: run.sh [-d]
#   (no option)  run in the foreground until Ctrl-C
#   -d           run in the background: PID in $OSCAR_HOME/oscar.pid, output in
#                $OSCAR_HOME/oscar.log; returns once GET /api/ returns 200
#
# Before starting, the working database db.sqlite3 is replaced by a copy of the
# seeded snapshot db.seed.sqlite3, so every start begins with the same data.
#
# Environment:
#   OSCAR_HOME     where setup.sh built the shop (default <repo>/.oscar)
#   PORT           TCP port on 127.0.0.1 (default 8000)
#   KEEP_DB=1      keep the existing db.sqlite3 instead of restoring the snapshot
#   START_TIMEOUT  seconds that -d waits for GET /api/ (default 30)
#   OSCAR_TAX_MODE, OSCAR_ALLOWED_HOSTS, OSCAR_USE_X_FORWARDED_HOST, OSCAR_DEBUG
#                  read by the Django settings; see README.md
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PORT=${PORT:-8000}
START_TIMEOUT=${START_TIMEOUT:-30}
API_URL=http://127.0.0.1:$PORT/api/

usage() {
  echo "usage: $0 [-d]   (-d: run in the background)"
}

# Return 0 when GET /api/ returns HTTP 200 within 2 seconds.
api_ready() {
  "$VENV_PYTHON" -c '
import sys, urllib.request
with urllib.request.urlopen(sys.argv[1], timeout=2) as response:
    sys.exit(0 if response.status == 200 else 1)
' "$API_URL" 2>/dev/null
}

background=0
case $# in
  0) ;;
  1)
    case $1 in
      -d) background=1 ;;
      -h | --help)
        usage
        exit 0
        ;;
      *)
        usage >&2
        exit 2
        ;;
    esac
    ;;
  *)
    usage >&2
    exit 2
    ;;
esac

if ! [[ $PORT =~ ^[0-9]+$ ]] || ((PORT < 1 || PORT > 65535)); then
  die "[run] invalid PORT: '$PORT'. Use a TCP port number from 1 to 65535."
fi
if ! [[ $START_TIMEOUT =~ ^[0-9]+$ ]] || ((START_TIMEOUT == 0)); then
  die "[run] invalid START_TIMEOUT: '$START_TIMEOUT'. Use a whole number of seconds above 0."
fi
if ! [[ -x $VENV_PYTHON && -f $PROJECT_DIR/manage.py && -f $SEED_DB ]]; then
  die "[run] no built shop in $OSCAR_HOME. Run scripts/oscar/setup.sh first."
fi

if pid=$(running_server_pid); then
  die "[run] Oscar is already running (pid $pid). Stop it first: scripts/oscar/stop.sh"
fi
if [[ -f $PID_FILE ]]; then
  echo "[run] removing stale pid file $PID_FILE"
  rm -f "$PID_FILE"
fi
# Without this check the readiness probe below could get its 200 from the other
# server while this one is still starting (and then fails to bind).
if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
  die "[run] port $PORT on 127.0.0.1 is already in use by another process. Stop it or set PORT."
fi

if [[ ${KEEP_DB:-0} == 1 && -f $WORK_DB ]]; then
  echo "[run] KEEP_DB=1: using the existing $WORK_DB"
else
  # A leftover rollback journal from a killed server would be applied to the
  # fresh copy on first open, so it goes with the old database.
  rm -f "$WORK_DB-journal" "$WORK_DB-wal" "$WORK_DB-shm"
  cp "$SEED_DB" "$WORK_DB"
  echo "[run] restored $WORK_DB from the seed snapshot"
fi

# --noreload keeps the server in one process, so the recorded PID is the server.
server_command=("$VENV_PYTHON" manage.py runserver "127.0.0.1:$PORT" --noreload)
export OSCAR_DB=$WORK_DB PYTHONUNBUFFERED=1
cd "$PROJECT_DIR"

if ((background == 0)); then
  echo "[run] Oscar on $API_URL (foreground, Ctrl-C stops it)"
  exec "${server_command[@]}"
fi

start=$(now)
# stdin and stdout are detached, so a caller that reads this script's output
# through a pipe is not held open by the server.
nohup "${server_command[@]}" </dev/null >"$LOG_FILE" 2>&1 &
pid=$!
printf '%s\n' "$pid" >"$PID_FILE"

deadline=$((SECONDS + START_TIMEOUT))
until api_ready; do
  if ! process_alive "$pid"; then
    echo "[run] Oscar exited during startup. Last lines of $LOG_FILE:" >&2
    tail -n 30 "$LOG_FILE" >&2
    rm -f "$PID_FILE"
    exit 1
  fi
  if ((SECONDS >= deadline)); then
    echo "[run] timed out after $START_TIMEOUT s waiting for HTTP 200 from GET $API_URL; stopping pid $pid. Last lines of $LOG_FILE:" >&2
    tail -n 30 "$LOG_FILE" >&2
    stop_process "$pid" || true
    rm -f "$PID_FILE"
    exit 1
  fi
  sleep 0.2
done

echo "[run] started in $(elapsed_since "$start") s, log: $LOG_FILE"
echo "Oscar up: $API_URL (pid $pid)"
