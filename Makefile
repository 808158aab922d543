# Two commands on a fresh machine: `make run` serves the app, `make test` passes the tests.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app council
HOST ?= 127.0.0.1
PORT ?= 5000
# links in the console e-mails lead back to this development server
COUNCIL_SITE_HOST ?= $(HOST):$(PORT)

.PHONY: run test lint browser-deps node-deps migrate demo load load-postgres bench bench-feeds clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

## make run: install, migrate instance/council.sqlite, load reference data, first admin, serve
run: $(VENV)/.installed
	$(FLASK) db upgrade
	$(FLASK) init
	COUNCIL_SITE_HOST=$(COUNCIL_SITE_HOST) $(FLASK) run --host $(HOST) --port $(PORT)

## make test: install the test tools (and Chromium when this machine can), then run pytest
test: $(VENV)/.installed-test browser-deps node-deps
	$(BIN)/pytest $(PYTEST_ARGS)

## make bench: the performance benchmark (1x and 100x datasets, gunicorn); not part of make test
bench: $(VENV)/.installed
	$(BIN)/python -m bench.run

## make bench-feeds: the feeds' figures alone (cached read against a static file, changed feed)
bench-feeds: $(VENV)/.installed
	$(BIN)/python -m bench.feeds

## make lint: ruff, and the import contract (areas import only downward; pyproject.toml)
lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	PYTHONPATH=. $(BIN)/lint-imports

browser-deps:
	@sh .ci/browser-deps

## node-deps: the Nu HTML checker (vnu-jar, pinned in package.json) for the crawl test; needs npm and Java
node-deps:
	@sh .ci/node-deps

migrate: $(VENV)/.installed
	$(FLASK) db upgrade

## make demo: demo data on instance/council.sqlite, then how to sign in as each role (the demo
## admin's password included; a first admin made earlier by `make run` keeps its own)
demo: $(VENV)/.installed
	$(FLASK) db upgrade
	COUNCIL_SITE_HOST=$(COUNCIL_SITE_HOST) $(FLASK) demo-data

## make load: 200 concurrent applications to gunicorn (4 workers) on a fresh database (SQLite, or
## the PostgreSQL server in LOAD_DATABASE_URL), then again while a worker is killed (SIGKILL)
load: $(VENV)/.installed-test
	$(BIN)/python -m bench.load_applications
	$(BIN)/python -m bench.load_applications --kill-worker

## make load-postgres: the same against a throw-away PostgreSQL cluster, stopped afterwards
load-postgres: $(VENV)/.installed-test
	.ci/with-postgres sh -c 'LOAD_DATABASE_URL="$$POSTGRES_URL" $(MAKE) load'

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
