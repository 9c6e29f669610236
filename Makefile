# The README's two commands: `make build` (set up, build, gate, publish) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: build test lint browser postgres spark clients superset report validate clean

build: $(STAMP)
	$(BIN)/sibudget build

test: lint browser postgres clients
	$(BIN)/pytest -n 2 --dist loadgroup

lint: $(STAMP)
	$(BIN)/ruff check src tests/python bench scripts clients
	$(BIN)/ruff format --check src tests/python bench scripts clients
	$(BIN)/mypy
	mkdir -p build/lint
	# two processes: 88 s against 144 s on this 2-core machine, the same findings and exit code
	SIBUDGET_DUCKDB_PATH=build/lint/sibudget.duckdb $(BIN)/sqlfluff lint models --processes 2

browser:
	scripts/install-browser

postgres:
	scripts/start-postgres

# the Spark cluster of the spark target (tests/python/test_spark.py starts it too, once)
spark:
	scripts/start-spark

clients:
	scripts/install-clients

superset: $(STAMP)
	scripts/start-superset

report: build
	$(BIN)/sibudget report

validate: $(STAMP)
	$(BIN)/sibudget validate

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "sibudget needs Python 3.11"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --constraint constraints.txt --editable ".[dev]"
	touch $(STAMP)

clean:
	rm -rf build target logs
