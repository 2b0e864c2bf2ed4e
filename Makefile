# Quick start: `make run` (app + worker + beat with demo data) and `make test` (lint + whole suite).
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
PYTEST_ARGS ?=
BENCH_ARGS ?=

.PHONY: run test lint fmt bench install clean-venv migrate seed

$(VENV)/.installed: pyproject.toml constraints.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed ($(PYTHON) not found)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Our stylesheet: GOV.UK Frontend and MOJ Frontend compiled from their Sass with our settings.
static/build/app.css: node_modules/.installed $(wildcard assets/scss/*.scss)
	npm run --silent build:css

install: $(VENV)/.installed node_modules/.installed static/build/app.css

# Web, worker and beat together (scripts/devstack.py); Ctrl-C stops all three.
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	PORT=$(PORT) $(PY) scripts/devstack.py

# ruff, then the whole suite; DATABASE_URL / REDIS_URL (if set) pick PostgreSQL and Redis.
test: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m pytest --ds=config.settings.test $(PYTEST_ARGS)

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

fmt: install
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

# Quick in-process check on demo data, then the national-scale page benchmark (PostgreSQL,
# gunicorn, wrk; docs/PERFORMANCE.md with BENCH_ARGS=--write).
bench: install
	$(PY) scripts/bench.py
	$(PY) benchmarks/pages.py $(BENCH_ARGS)

migrate: install
	$(PY) manage.py migrate --noinput

seed: install
	$(PY) manage.py seed_demo

# Start again from scratch: the next `make run` or `make test` reinstalls everything.
clean-venv:
	rm -rf $(VENV) node_modules static/build
