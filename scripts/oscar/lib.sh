# Shared paths and helpers for setup.sh, run.sh and stop.sh. Source it, don't run it.
# shellcheck shell=bash
# The path variables are used by the scripts that source this file.
# shellcheck disable=SC2034

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/../.." && pwd)

OSCAR_HOME=${OSCAR_HOME:-$REPO_ROOT/.oscar}
# Made absolute because run.sh changes into the project directory before use.
if [[ $OSCAR_HOME != /* ]]; then
  OSCAR_HOME=$PWD/$OSCAR_HOME
fi
VENV_DIR=$OSCAR_HOME/venv
VENV_PYTHON=$VENV_DIR/bin/python
PROJECT_DIR=$OSCAR_HOME/project
SEED_DB=$OSCAR_HOME/db.seed.sqlite3
WORK_DB=$OSCAR_HOME/db.sqlite3
PID_FILE=$OSCAR_HOME/oscar.pid
LOG_FILE=$OSCAR_HOME/oscar.log

# Print the current time in seconds, with microseconds where bash provides them (bash 5+).
now() {
  if [[ -n ${EPOCHREALTIME:-} ]]; then
    printf '%s\n' "${EPOCHREALTIME/,/.}"
  else
    date +%s
  fi
}

# Print the seconds elapsed since START (a value from now) with one decimal.
elapsed_since() {
  awk -v start="$1" -v end="$(now)" 'BEGIN { printf "%.1f", end - start }'
}

# Return 0 while process PID runs. A zombie counts as gone: it has exited but
# still passes "kill -0" until its parent reaps it. The parent of a server started
# by "run.sh -d" is init, which may reap it late (about 1 s on a Firecracker VM).
process_alive() {
  local pid=$1 stat
  kill -0 "$pid" 2>/dev/null || return 1
  if [[ -r /proc/$pid/stat ]]; then
    stat=$(<"/proc/$pid/stat")
    stat=${stat##*) } # the state letter follows "PID (COMMAND) "
    [[ ${stat:0:1} != Z ]] || return 1
  fi
}

# Print the PID from the pid file if that process is a running Django dev server.
# Return 1 when there is no pid file or when it is stale: the process is gone or
# the PID now belongs to another program.
running_server_pid() {
  local pid cmdline
  [[ -f $PID_FILE ]] || return 1
  pid=$(<"$PID_FILE")
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  process_alive "$pid" || return 1
  if [[ -r /proc/$pid/cmdline ]]; then
    cmdline=$(tr '\0' ' ' <"/proc/$pid/cmdline")
    [[ $cmdline == *"manage.py runserver"* ]] || return 1
  fi
  printf '%s\n' "$pid"
}

# Send TERM to PID and wait up to 5 seconds for it to exit, then send KILL.
# Return 0 if the process exited after TERM (or was already gone), 1 if it needed KILL.
stop_process() {
  local pid=$1 tenths=0
  kill -TERM "$pid" 2>/dev/null || return 0
  while process_alive "$pid"; do
    if ((tenths >= 50)); then
      kill -KILL "$pid" 2>/dev/null || true
      return 1
    fi
    sleep 0.1
    tenths=$((tenths + 1))
  done
}

die() {
  printf '%s\n' "$*" >&2
  exit 1
}
