# Orewatch: `make run` serves the API on 127.0.0.1:8000 (SQLite, seeded); `make test` tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test test-sqlite test-postgres lint format typecheck bench clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/orewatch migrate
	$(BIN)/orewatch seed
	$(BIN)/orewatch serve

# The whole suite on SQLite, then again on PostgreSQL when OREWATCH_TEST_DATABASE_URL is set.
test: $(STAMP) lint test-sqlite test-postgres

test-sqlite: $(STAMP)
	env -u OREWATCH_TEST_DATABASE_URL $(BIN)/pytest -q

test-postgres: $(STAMP)
	@if [ -n "$$OREWATCH_TEST_DATABASE_URL" ]; then \
		$(BIN)/pytest -q; \
	else \
		echo "OREWATCH_TEST_DATABASE_URL is not set: skipping the PostgreSQL run"; \
	fi

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(STAMP)
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev,bench]'
	$(BIN)/python bench/read.py

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
