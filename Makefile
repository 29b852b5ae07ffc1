# Zielwerk – the two commands: `make run` and `make test`. Everything else is a helper of these.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-security install install-dev serve-prod worker lint typecheck pytest messages \
	bench bench-data loadtest backup restore clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: $(VENV)/bin/python pyproject.toml constraints.txt
	$(PIP) install --quiet -c constraints.txt -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(PIP) install --quiet -c constraints.txt -e '.[dev]'
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## make run: set up, migrate SQLite, load the demo, serve on 127.0.0.1:8000 with a task worker.
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo --no-logins
	HOST=$(HOST) PORT=$(PORT) bash scripts/serve-dev.sh

## make test: lint, type check, migrations check, pytest on SQLite and (if DATABASE_URL) PostgreSQL.
test: install-dev
	bash scripts/test.sh

## make test-security: the attack and fault tests with long fuzzing runs (500 examples per
## property instead of 25), on SQLite and, if DATABASE_URL is set, PostgreSQL.
test-security: install-dev
	ZIELWERK_FUZZ=deep DATABASE_URL= $(VENV)/bin/pytest tests/security tests/test_permission_matrix.py -q
	if [ -n "$${DATABASE_URL:-}" ]; then ZIELWERK_FUZZ=deep $(VENV)/bin/pytest tests/security -q; fi

## make backup: pg_dump of the database in DATABASE_URL and the uploaded files into var/backups,
## with a manifest (checksums, rows per table). make restore BACKUP=var/backups/<name>.json
## [RESTORE_DATABASE_URL=postgres://…] [REPLACE=1]: into a new or empty database (REPLACE=1 asks
## first, then replaces), then checks every table's rows against the manifest.
backup: install
	$(PY) manage.py backup

restore: install
	@test -n "$(BACKUP)" || { echo "Bitte BACKUP=… angeben (die .json-Datei der Sicherung)." >&2; exit 2; }
	$(PY) manage.py restore "$(BACKUP)" $(if $(RESTORE_DATABASE_URL),--database-url "$(RESTORE_DATABASE_URL)") $(if $(REPLACE),--replace)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: install-dev
	$(VENV)/bin/mypy

## Production-style serving: gunicorn (sync workers, see docs/decisions) behind whitenoise.
serve-prod: install
	DJANGO_DEBUG=0 $(PY) manage.py collectstatic --noinput
	DJANGO_DEBUG=0 $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=0 $(VENV)/bin/gunicorn config.wsgi --bind $(HOST):$(PORT) --workers 3

worker: install
	$(PY) manage.py db_worker

messages: install
	$(PY) manage.py makemessages -l en --ignore '.venv/*'
	$(PY) manage.py compilemessages --ignore '.venv/*'

## Benchmarks (bench/README.md): `make bench-data YEARS=10 PARTICIPANTS=1000000 [RESET=1]` fills
## the PostgreSQL database BENCH_DATABASE_URL; `make bench` runs every benchmark script in turn.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/zielwerk_bench
YEARS ?= 10
PARTICIPANTS ?= 1000000
bench-data: install
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) bench/generate.py --years $(YEARS) --participants $(PARTICIPANTS) $(if $(RESET),--reset)

# agreement_render.py writes its own AQB 2025 agreements: it runs on a temporary SQLite file.
bench: install
	@set -e; for script in bench/*.py; do \
		case $$script in bench/generate.py|bench/locustfile.py) continue;; esac; \
		echo "== $$script"; \
		if [ $$script = bench/agreement_render.py ]; then env -u DATABASE_URL $(PY) $$script; \
		else DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) $$script; fi; \
	done

## make loadtest: gunicorn on 127.0.0.1 with the bench data, locust headless (50 users, 60 s);
## non-zero unless 0 errors and p95 < 300 ms (bench/loadtest.sh, docs/performance.md).
LOAD_WORKERS ?= 2
loadtest: install
	$(PIP) install -q -c constraints.txt -e '.[load]'
	BENCH_DATABASE_URL=$(BENCH_DATABASE_URL) LOAD_WORKERS=$(LOAD_WORKERS) VENV=$(VENV) bash bench/loadtest.sh

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache test-output
