# Two commands matter: `make run` (the marketplace with demo data on http://127.0.0.1:8000) and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# These commands serve a developer's machine: working defaults instead of production's required settings
# (see deploy/README.md). Export XQ_ENV=production to try the production settings.
export XQ_ENV ?= development

.PHONY: run worker test lint format bench messages check-ledger schema

$(VENV)/.runtime: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --disable-pip-version-check -q -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(VENV)/bin/pip install --disable-pip-version-check -q -r requirements-dev.txt
	touch $@

messages: $(VENV)/.runtime
	$(PY) manage.py compilemessages --ignore=.venv --ignore=var -v 0

# manage.py serve migrates, loads the demo data, collects the static files, then runs gunicorn (deploy/gunicorn.conf.py)
# and the job worker; Ctrl-C stops them all, and the embedded PostgreSQL with them.
run: $(VENV)/.runtime messages
	$(PY) manage.py serve --bind $(HOST):$(PORT)

# The background-jobs worker alone (every queue, periodic jobs included); run as many as wanted, on any machine.
worker: $(VENV)/.runtime
	$(PY) manage.py procrastinate worker

test: $(VENV)/.dev messages
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run -v 0
	$(VENV)/bin/lint-imports --no-cache

format: $(VENV)/.dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# The printed GraphQL schema, committed at the root; tests/graphql/test_schema_file.py fails when it drifts.
schema: $(VENV)/.runtime
	$(PY) manage.py graphql_schema --out schema.graphql

check-ledger: $(VENV)/.runtime
	$(PY) manage.py check_stock_ledger

# Generates the 20,000-product catalogue in its own database (xq_bench), then prints the storefront figures.
bench: $(VENV)/.dev
	$(PY) bench/generate_catalogue.py --products 20000 --variants-per-product 3 --reset
	$(PY) bench/storefront.py
