# Yourside — one task runner. `make demo` and `make test` work on a fresh machine with Python 3.11+.

# The newest Python 3.11+ on PATH: Django 6.1 needs 3.12+, Python 3.11 gets the Django 5.2 LTS.
PYTHON ?= $(shell for p in python3.14 python3.13 python3.12 python3.11 python3; do \
	if $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1; then echo $$p; break; fi; done)
VENV := .venv
BIN := $(VENV)/bin
DEMO_DIR ?= .demo-data
HOST ?= 127.0.0.1
PORT ?= 8000
# A throwaway PostgreSQL database for the second run of the suite (pytest-django makes test_<name>).
PG_URL ?= postgres://postgres@127.0.0.1:5432/yourside

.PHONY: demo test lint typecheck pytest pytest-postgres browser clean docs bench

$(VENV)/.installed: pyproject.toml
	@test -n "$(PYTHON)" || { echo "Yourside needs Python 3.11 or newer on PATH" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

demo: $(VENV)/.installed
	$(BIN)/yourside --data-dir $(DEMO_DIR) demo
	@echo "Open http://$(HOST):$(PORT)/ and sign in as demo / demo. Ctrl+C stops the server."
	$(BIN)/yourside --data-dir $(DEMO_DIR) serve --host $(HOST) --port $(PORT)

test: $(VENV)/.installed-test browser lint typecheck pytest pytest-postgres

lint: $(VENV)/.installed-test
	$(BIN)/ruff check src tests scripts
	$(BIN)/ruff format --check src tests scripts

typecheck: $(VENV)/.installed-test
	YOURSIDE_SECRET_KEY=typecheck $(BIN)/mypy src tests

pytest: $(VENV)/.installed-test
	$(BIN)/pytest -n 2 --dist loadfile

# Runs only when the PostgreSQL server answers; CI has one on 127.0.0.1:5432.
pytest-postgres: $(VENV)/.installed-test
	@if $(BIN)/python scripts/pg_available.py "$(PG_URL)"; then \
		echo "PostgreSQL answers: running the suite again on it"; \
		YOURSIDE_DATABASE_URL="$(PG_URL)" $(BIN)/pytest -n 2 --dist loadfile --create-db; \
	else echo "PostgreSQL is not reachable at $(PG_URL): suite ran on SQLite only"; fi

# Debian's Chromium for the browser tests (Playwright drives it; no browser is downloaded).
browser:
	@bash scripts/install-browser.sh

# Import speed and memory against a plain executemany baseline, on SQLite and (when it answers)
# PostgreSQL; figures and how to read them in docs/PERFORMANCE.md.
bench: $(VENV)/.installed-test
	$(BIN)/python -m yourside.bench.run --rows 1000000 --database $$($(BIN)/python scripts/pg_available.py "$(PG_URL)" && echo both || echo sqlite)

docs: $(VENV)/.installed
	$(BIN)/python -m yourside.cli.reference > docs/cli.md

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
