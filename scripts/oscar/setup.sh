#!/usr/bin/env bash
# Build the local django-oscar test shop under $OSCAR_HOME (default <repo>/.oscar):
# a venv with the pinned packages, the Django project copied from
# scripts/oscar/project/, and the migrated, seeded snapshot db.seed.sqlite3.
#
# Safe to re-run. pip is skipped while requirements.txt is unchanged, and the
# snapshot is rebuilt only when requirements.txt or the project files change
# (or with RESEED=1).
#
# Environment:
#   OSCAR_HOME  where the venv, project, databases and log live (default <repo>/.oscar)
#   PYTHON      interpreter for a new venv (default python3, needs 3.10 or later)
#   RESEED=1    rebuild db.seed.sqlite3 even when nothing changed
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PYTHON=${PYTHON:-python3}
REQUIREMENTS=$SCRIPT_DIR/requirements.txt
REQUIREMENTS_STAMP=$VENV_DIR/requirements.sha256
SEED_STAMP=$SEED_DB.sha256

if command -v sha256sum >/dev/null 2>&1; then
  SHA256=(sha256sum)
else
  SHA256=(shasum -a 256)
fi

# Print one SHA-256 over the contents and names of the given files and folders
# (paths relative to scripts/oscar/), skipping Python bytecode caches.
fingerprint() {
  (
    cd "$SCRIPT_DIR"
    find "$@" -type f ! -path '*/__pycache__/*' -print0 |
      LC_ALL=C sort -z |
      xargs -0 "${SHA256[@]}"
  ) | "${SHA256[@]}" | cut -d ' ' -f 1
}

# Print "[setup] MESSAGE (N.N s)", timed from START.
report() {
  printf '[setup] %s (%s s)\n' "$1" "$(elapsed_since "$2")"
}

setup_start=$(now)

if pid=$(running_server_pid); then
  die "[setup] Oscar is running (pid $pid). Stop it first: scripts/oscar/stop.sh"
fi
mkdir -p "$OSCAR_HOME"
echo "[setup] OSCAR_HOME=$OSCAR_HOME"

# 1. Virtual environment. A venv whose interpreter no longer runs is replaced.
step_start=$(now)
if [[ -x $VENV_PYTHON ]] && "$VENV_PYTHON" -c '' 2>/dev/null; then
  report "venv: reused $VENV_DIR, $("$VENV_PYTHON" -V)" "$step_start"
else
  command -v "$PYTHON" >/dev/null 2>&1 ||
    die "[setup] Python interpreter not found: $PYTHON. Set PYTHON to a Python 3.10+ interpreter."
  "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 10))' ||
    die "[setup] $PYTHON is $("$PYTHON" -V 2>&1), but Django 5.2 needs Python 3.10 or later. Set PYTHON to another interpreter."
  rm -rf "$VENV_DIR"
  "$PYTHON" -m venv "$VENV_DIR" ||
    die "[setup] python -m venv failed. On Debian or Ubuntu install the venv module: apt-get install python3-venv"
  report "venv: created $VENV_DIR, $("$VENV_PYTHON" -V)" "$step_start"
fi

# 2. Pinned packages. The stamp lives inside the venv, so a new venv always installs.
step_start=$(now)
requirements_hash=$(fingerprint requirements.txt)
if [[ -f $REQUIREMENTS_STAMP && $(<"$REQUIREMENTS_STAMP") == "$requirements_hash" ]]; then
  report "pip: skipped, requirements.txt unchanged" "$step_start"
else
  rm -f "$REQUIREMENTS_STAMP"
  "$VENV_PYTHON" -m pip install --quiet --no-input --disable-pip-version-check \
    --requirement "$REQUIREMENTS"
  "$VENV_PYTHON" -m pip check --disable-pip-version-check >/dev/null ||
    die "[setup] pip check found conflicting packages in $VENV_DIR. Run '$VENV_PYTHON -m pip check' for details."
  printf '%s\n' "$requirements_hash" >"$REQUIREMENTS_STAMP"
  report "pip: installed requirements.txt" "$step_start"
fi

# 3. Django project, copied fresh so that files deleted from the templates go too.
step_start=$(now)
rm -rf "$PROJECT_DIR"
cp -R "$SCRIPT_DIR/project" "$PROJECT_DIR"
find "$PROJECT_DIR" -name __pycache__ -type d -prune -exec rm -rf {} +
(cd "$PROJECT_DIR" && "$VENV_PYTHON" manage.py check --fail-level WARNING >/dev/null)
report "project: copied to $PROJECT_DIR and checked" "$step_start"

# 4. Seed snapshot. It is built in a temporary file and moved into place only
#    after the seed succeeded, so a failed run never leaves a half-seeded snapshot.
seed_hash=$(fingerprint requirements.txt project)
if [[ ${RESEED:-0} != 1 && -f $SEED_DB && -f $SEED_STAMP && $(<"$SEED_STAMP") == "$seed_hash" ]]; then
  echo "[setup] seed DB: kept $SEED_DB, requirements and project unchanged (RESEED=1 rebuilds it)"
else
  building_db=$SEED_DB.building
  rm -f "$SEED_STAMP" "$building_db" "$building_db-journal"

  step_start=$(now)
  (cd "$PROJECT_DIR" && OSCAR_DB=$building_db "$VENV_PYTHON" manage.py migrate --noinput --verbosity 0)
  report "migrate: schema created" "$step_start"

  step_start=$(now)
  seed_summary=$(cd "$PROJECT_DIR" && OSCAR_DB=$building_db "$VENV_PYTHON" seed.py)
  mv "$building_db" "$SEED_DB"
  printf '%s\n' "$seed_hash" >"$SEED_STAMP"
  report "seed: $seed_summary into $SEED_DB" "$step_start"
fi

report "done. Start the shop with: scripts/oscar/run.sh -d" "$setup_start"
