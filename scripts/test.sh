#!/usr/bin/env bash
# The whole test run behind `make test`. With CI=true a missing PostgreSQL or Chromium fails.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=.venv
PY=$VENV/bin/python
CI=${CI:-}

bash scripts/system-packages.sh

echo "== ruff"
$VENV/bin/ruff check .
$VENV/bin/ruff format --check .
echo "== mypy"
$VENV/bin/mypy
echo "== migrations are complete"
DATABASE_URL= $PY manage.py makemigrations --check --dry-run
echo "== translations compile"
$PY manage.py compilemessages --ignore "$VENV/*" >/dev/null

if [ "$CI" = "true" ] && [ ! -x /usr/bin/chromium ]; then
  echo "CI: Chromium (/usr/bin/chromium) fehlt – Browser-Tests können nicht laufen." >&2
  exit 1
fi

# Two workers per pass (pytest-xdist; one test database each): the suite runs twice, and on a
# 2-core machine both passes finish sooner (docs/performance.md has the figures).
# PYTEST_WORKERS=0 runs in one process.
WORKERS=(-n "${PYTEST_WORKERS:-auto}" --durations=15)

echo "== pytest on SQLite"
DATABASE_URL= $VENV/bin/pytest "${WORKERS[@]}" "$@"

if [ -n "${DATABASE_URL:-}" ]; then
  echo "== pytest on PostgreSQL ($DATABASE_URL)"
  $VENV/bin/pytest "${WORKERS[@]}" "$@"
elif [ "$CI" = "true" ]; then
  echo "CI: DATABASE_URL ist nicht gesetzt – die Tests müssen auch gegen PostgreSQL laufen." >&2
  exit 1
else
  echo "== PostgreSQL pass skipped: set DATABASE_URL=postgres://postgres@127.0.0.1:5432/zielwerk to run it"
fi
