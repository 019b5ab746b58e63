# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test install checkers migrate seed bench lint format messages check clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

# axe-core and the Nu HTML checker, for the browser suite (package-lock.json).
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

checkers: node_modules/.package-lock.json

migrate: install
	$(BIN)/python manage.py migrate --no-input

seed: migrate
	$(BIN)/python manage.py seed_demo

run: seed
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install checkers
	$(BIN)/pytest $(PYTEST_ARGS)

# The benchmarks run on a PostgreSQL database of their own.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/ediary_bench
BENCH_STUDENTS ?= 1000
BENCH_PORT ?= 8077
BENCH_ARGS ?=
BENCH_SERVER := $(patsubst %/,%,$(dir $(BENCH_DATABASE_URL)))
BENCH_DB := $(notdir $(BENCH_DATABASE_URL))

bench: install
	psql -q "$(BENCH_SERVER)/postgres" -c 'CREATE DATABASE "$(BENCH_DB)"' 2>/dev/null || true
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python manage.py migrate --no-input -v0
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python manage.py seed_bench \
		--students $(BENCH_STUDENTS) $(if $(BENCH_FRESH),--fresh)
	DATABASE_URL=$(BENCH_DATABASE_URL) CABINET_BENCH_BARE_PAGE=true \
		$(BIN)/python manage.py bench \
		--port $(BENCH_PORT) $(BENCH_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: install
	$(BIN)/python manage.py makemessages -l ru --ignore '.venv/*' --ignore 'tests/*' --no-obsolete --no-location
	$(BIN)/python manage.py compilemessages --ignore '.venv'

clean:
	rm -rf $(VENV) db.sqlite3 var staticfiles
