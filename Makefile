# Orewatch: `make run` serves the API on 127.0.0.1:8000 (SQLite, seeded); `make test` tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# SDK tooling (sdk/): npm dev tools and a virtualenv of its own for openapi-python-client.
SDK_STAMP := sdk/.venv/.installed

.PHONY: install sdk-deps run test test-sqlite test-postgres lint format typecheck bench clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

$(SDK_STAMP): sdk/requirements.txt sdk/package.json sdk/package-lock.json
	$(PYTHON) -m venv sdk/.venv
	sdk/.venv/bin/pip install --quiet --upgrade pip
	sdk/.venv/bin/pip install --quiet -r sdk/requirements.txt
	npm ci --prefix sdk --no-audit --no-fund --loglevel=error
	touch $(SDK_STAMP)

sdk-deps: $(SDK_STAMP)

run: $(STAMP)
	$(BIN)/orewatch migrate
	$(BIN)/orewatch seed
	$(BIN)/orewatch keys bootstrap --file var/api-key
	$(BIN)/orewatch serve

# The whole suite on SQLite, then again on PostgreSQL when OREWATCH_TEST_DATABASE_URL is set.
test: $(STAMP) sdk-deps lint test-sqlite test-postgres

test-sqlite: $(STAMP) $(SDK_STAMP)
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
	$(BIN)/lint-imports

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(STAMP)
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev,bench]'
	$(BIN)/python bench/read.py

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache sdk/.venv sdk/node_modules
