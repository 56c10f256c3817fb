# The review participation portal. `make help` lists the targets.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
HOST ?= 127.0.0.1
PORT ?= 5000

.DEFAULT_GOAL := help
.PHONY: help run test test-instances test-fast lint format install lock translations-extract translations-update \
        translations-compile db-upgrade bench fonts load crash-test clean

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  %-22s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Every dependency at the version and hash the lock file names (`make lock` renews it), then
# the portal itself without looking for dependencies again.
$(VENV)/.installed: requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

lock: | $(BIN)/python ## Re-resolve requirements.lock (with hashes) from pyproject.toml
	$(BIN)/pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra test --generate-hashes --python-version 3.11 \
		--universal --upgrade -o requirements.lock

install: $(VENV)/.installed ## Create .venv and install the portal with its test tools

translations-compile: install ## Compile the gettext catalogues (.po -> .mo)
	@$(BIN)/pybabel compile -d translations -f 2>&1 | grep -v "^compiling catalog" || true

translations-extract: install ## Extract translatable strings into translations/messages.pot
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output \
		--project "Review participation portal" -o translations/messages.pot .

translations-update: translations-extract ## Merge new strings into every language's catalogue
	$(BIN)/pybabel update -i translations/messages.pot -d translations \
		--ignore-obsolete --no-fuzzy-matching

db-upgrade: install ## Create or upgrade the database schema
	$(FLASK) db upgrade

run: translations-compile db-upgrade ## Serve the demo on http://127.0.0.1:5000 (SQLite)
	@mkdir -p instance
	@$(FLASK) seed-demo > instance/demo.json
	@echo "Demo sign-ins and invitation links (also in instance/demo.json):"
	@$(BIN)/python -m json.tool instance/demo.json
	$(FLASK) run --host $(HOST) --port $(PORT)

TEST_WORKERS ?= auto

test: translations-compile ## Run the whole suite (SQLite; set TEST_DATABASE_URL for PostgreSQL)
	$(BIN)/pytest -q -n $(TEST_WORKERS) --durations=15 -m "not instances"

test-instances: translations-compile ## Two gunicorn instances behind nginx (needs nginx, PostgreSQL, Redis)
	$(BIN)/pytest -q -p no:xdist -m instances tests/instances

lint: install ## ruff (lint and formatting), mypy (types) and import-linter (boundaries)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

format: install ## ruff: fix what can be fixed and format
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: translations-compile ## Run the benchmarks under benchmarks/
	$(BIN)/python -m benchmarks

fonts: install ## Rewrite the Ethiopic font subsets from the catalogues (portal/font_subsets.py)
	$(FLASK) subset-fonts

# The load and crash runs need nginx, PostgreSQL (a server where a scratch database can be
# created: LOAD_DATABASE_URL) and Redis (REDIS_URL); each is bounded (LOAD_RUN_TIME seconds).
LOAD_DATABASE_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
REDIS_URL ?= redis://127.0.0.1:6379

load: translations-compile ## Load: 100 young people and 10 IROs at once, PostgreSQL then SQLite (Locust)
	LOAD_DATABASE_URL=$(LOAD_DATABASE_URL) REDIS_URL=$(REDIS_URL) $(BIN)/python -m benchmarks.load

crash-test: translations-compile ## kill -9 the app servers under load; check nothing acknowledged was lost
	LOAD_DATABASE_URL=$(LOAD_DATABASE_URL) REDIS_URL=$(REDIS_URL) $(BIN)/python -m benchmarks.crash

clean: ## Remove the virtual environment and caches (keeps instance/)
	rm -rf $(VENV) .pytest_cache .ruff_cache
