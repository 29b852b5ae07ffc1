#!/usr/bin/env bash
# Serves the demo: a task worker in the background, the web server in the foreground.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}

$PY manage.py db_worker --interval 1 &
worker=$!
trap 'kill $worker 2>/dev/null || true' EXIT INT TERM
sleep 2  # let the worker print the queued demo e-mails before the logins

$PY manage.py demo_logins
echo "Zielwerk läuft auf http://$HOST:$PORT/ (Beenden mit Strg+C)"
$PY manage.py runserver "$HOST:$PORT" --noreload
