#!/usr/bin/env bash
# The load test (issue 9, docs/performance.md): gunicorn on 127.0.0.1 with the bench PostgreSQL
# database, locust headless with bench/locustfile.py, gunicorn stopped again in every case.
# Called by `make loadtest`; settings through the environment (defaults in brackets):
#   BENCH_DATABASE_URL [postgres://postgres@127.0.0.1:5432/zielwerk_bench]
#   LOAD_PORT [8001]  LOAD_WORKERS [2]  LOAD_USERS [50]  LOAD_SPAWN_RATE [10]  LOAD_WINDOW [60]  LOAD_RUN_TIME [180s, upper bound]
# Exit status: locust's – non-zero unless 0 errors and p95 < 300 ms (see bench/locustfile.py).
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=${VENV:-.venv}
URL=${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/zielwerk_bench}
PORT=${LOAD_PORT:-8001}
WORKERS=${LOAD_WORKERS:-2}
HOST=127.0.0.1

TMP=$(mktemp -d -t zielwerk-load-XXXXXX)
GUNICORN_PID=""
LAST_RECORD=""
# The participant records the run writes are removed again, so that the bench data (and the
# "busiest year" of steering_dashboard.py) stay as `make bench-data` made them.
records() {
    DATABASE_URL="$URL" "$VENV/bin/python" -c "
import os, sys, django
os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings')
django.setup()
from django.db.models import Max
from zielwerk.participants.models import Participant
if sys.argv[1] == 'last':
    print(Participant.objects.aggregate(last=Max('pk'))['last'] or 0)
else:
    deleted, _ = Participant.objects.filter(pk__gt=int(sys.argv[2])).delete()
    print(f'{deleted} participant records of the load test removed')
" "$@"
}
cleanup() {
    if [ -n "$GUNICORN_PID" ] && kill -0 "$GUNICORN_PID" 2>/dev/null; then
        kill -TERM "$GUNICORN_PID"
        for _ in $(seq 50); do kill -0 "$GUNICORN_PID" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$GUNICORN_PID" 2>/dev/null || true
    fi
    if [ -n "$LAST_RECORD" ]; then records delete "$LAST_RECORD" || true; fi
    rm -rf "$TMP"
}
trap cleanup EXIT INT TERM

# Production settings with a throwaway secret; plain HTTP on the loopback, so no TLS redirect.
# Two-factor authentication is off: the simulated people log in with their password only.
# The participant key is fixed so that a reference written twice in one run is updated.
export DATABASE_URL="$URL"
export DJANGO_DEBUG=0
export DJANGO_SECRET_KEY="loadtest-$(head -c 24 /dev/urandom | base64 | tr -d '/+=')"
export DJANGO_ALLOWED_HOSTS=$HOST
export DJANGO_SECURE_SSL_REDIRECT=0
export DJANGO_STATIC_ROOT="$TMP/static"
export ZIELWERK_VAR_DIR="$TMP/var"
export ZIELWERK_TWO_FACTOR_REQUIRED=0
export ZIELWERK_PARTICIPANT_KEY=zielwerk-loadtest-not-secret

if ! "$VENV/bin/python" bench/api_lists.py --check 2>/dev/null; then
    echo "Die Datenbank $URL hat keine Bench-Daten: erst make bench-data YEARS=10 PARTICIPANTS=1000000" >&2
    exit 2
fi
"$VENV/bin/python" manage.py migrate --noinput >/dev/null
"$VENV/bin/python" manage.py collectstatic --noinput >/dev/null
LAST_RECORD=$(records last)

"$VENV/bin/gunicorn" config.wsgi --bind "$HOST:$PORT" --workers "$WORKERS" --worker-class sync \
    --timeout 30 --log-level warning &
GUNICORN_PID=$!
for _ in $(seq 100); do
    if curl -fsS -o /dev/null "http://$HOST:$PORT/anmelden/"; then break; fi
    kill -0 "$GUNICORN_PID" 2>/dev/null || { echo "gunicorn ist nicht gestartet." >&2; exit 2; }
    sleep 0.2
done

echo "gunicorn: $WORKERS sync workers on $HOST:$PORT, $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
"$VENV/bin/locust" -f bench/locustfile.py --headless --only-summary \
    --users "${LOAD_USERS:-50}" --spawn-rate "${LOAD_SPAWN_RATE:-10}" \
    --run-time "${LOAD_RUN_TIME:-180s}" --stop-timeout 10 --host "http://$HOST:$PORT"
