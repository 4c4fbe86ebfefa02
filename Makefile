# Two commands for a new machine: `make run` (demo on SQLite, eager Celery) and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test setup messages migrate demo assets lint format browser edge clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

setup: $(VENV)/.installed messages

messages: $(VENV)/.installed
	$(BIN)/python scripts/compile_messages.py

migrate: setup
	mkdir -p var
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py seed_demo

assets: static/vendor/graphiql/graphiql.min.js node_modules/axe-core/axe.min.js

static/vendor/graphiql/graphiql.min.js node_modules/axe-core/axe.min.js &: package-lock.json scripts/vendor_assets.sh
	bash scripts/vendor_assets.sh
	touch static/vendor/graphiql/graphiql.min.js node_modules/axe-core/axe.min.js

run: demo assets
	$(BIN)/python manage.py demo_info --base-url http://$(HOST):$(PORT)
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

browser:
	@bash scripts/ensure_chromium.sh

edge:
	@bash scripts/ensure_nginx.sh

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: lint browser edge assets
	$(BIN)/python -m pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) var .pytest_cache node_modules static/vendor
